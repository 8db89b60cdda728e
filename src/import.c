/*
 * import.c - `objreg import FILE [PACK]`: an objectives register kept in a
 * spreadsheet (CSV or XLSX) into draft objective files and progress rows
 * (SPEC section 14).
 *
 *     read the table     CSV through csvtab.c, XLSX through xlsx_read.c; the
 *                        header is the first row with a value (with merged
 *                        header cells spread over the columns they cover)
 *     name the columns   English and German header names, then --map
 *     group the rows     rows with the same id are the measures of one
 *                        objective; a row without id and title continues the
 *                        objective above it
 *     read the values    import_value.c: only what can be read exactly
 *     write              objectives/ID.md (status: draft) and
 *                        progress/imported.csv, never over an existing file
 *
 * No cell is lost: every non-empty cell of a row is listed, with its header
 * and position, in the body of the objective the row belongs to ("From the
 * imported register"); a value read into the front matter is listed with how
 * it was read, and a value of a known column that could not be read exactly
 * says so.
 *
 * What import writes for people (the front matter's comments, the body, the
 * notes, a progress row's note and evidence) is in the pack's language
 * (tr(), po/LL.po), in the wording of templates/LL/objective.md; keys, ids and
 * enumerated values stay English.
 */
#include "objreg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum {
  F_NONE, F_IGNORE, F_ID, F_TITLE, F_OWNER, F_FUNCTION, F_LEVEL, F_METRIC, F_MEASURE_ID, F_UNIT, F_DIRECTION,
  F_BASELINE, F_BASELINE_DATE, F_TARGET, F_DUE, F_FREQUENCY, F_CURRENT, F_CURRENT_DATE, F_STATUS, F_RISKS,
  F_POLICY, F_REQS, F_ACTION, F_RESOURCES, F_REVIEW_LAST, F_REVIEW_NEXT, F_EVALUATION, F_SOURCE, F_COUNT
} Field;

// Field names (for --map) and the header names recognised, normalised: lower
// case (ASCII), single spaces, no trailing ':' or '*'.
static const struct {
  Field f;
  const char *name;
  const char *headers;
} fields[] = {
  {F_IGNORE, "ignore", ""},
  {F_ID, "id", "|id|nr|nr.|no|no.|#|ref|ref.|reference|objective id|objective no.|objective ref|ziel-nr.|ziel-nr|ziel nr.|"
               "ziel-id|ziel id|kennung|lfd. nr.|nummer|identifier|"},
  {F_TITLE, "title", "|objective|title|ziel|objective title|security objective|information security objective|"
                     "zielbeschreibung|bezeichnung|sicherheitsziel|informationssicherheitsziel|titel|"},
  {F_OWNER, "owner", "|owner|objective owner|responsible|accountable|verantwortlich|verantwortlicher|verantwortliche|"
                     "verantwortung|zuständig|eigentümer|"},
  {F_FUNCTION, "function", "|function|department|business function|bereich|abteilung|funktion|organisationseinheit|"},
  {F_LEVEL, "level", "|level|ebene|"},
  {F_METRIC, "measure", "|metric|measure|kpi|kennzahl|indicator|measurement|messgröße|kennzahl (kpi)|key performance indicator|"},
  {F_MEASURE_ID, "measure_id", "|metric id|measure id|kpi id|kennzahl-nr.|kennzahl-id|"},
  {F_UNIT, "unit", "|unit|einheit|"},
  {F_DIRECTION, "direction", "|direction|richtung|"},
  {F_BASELINE, "baseline", "|baseline|baseline value|ausgangswert|ausgangslage|startwert|"},
  {F_BASELINE_DATE, "baseline_date", "|baseline date|datum ausgangswert|"},
  {F_TARGET, "target", "|target|target value|zielwert|soll|sollwert|soll-wert|goal|"},
  {F_DUE, "due", "|due|due date|deadline|termin|target date|zieltermin|fällig|fällig am|fälligkeit|frist|"},
  {F_FREQUENCY, "frequency", "|frequency|measurement frequency|häufigkeit|messhäufigkeit|intervall|turnus|"},
  {F_CURRENT, "current", "|current value|current|actual|actual value|istwert|ist-wert|ist|aktueller wert|"},
  {F_CURRENT_DATE, "current_date", "|as of|measured on|last measured|date measured|stand|messdatum|letzte messung|"},
  {F_STATUS, "status", "|status|rag|ampel|"},
  {F_RISKS, "risks", "|risk|risks|risk id|risk ids|risiko|risiken|risiko-id|"},
  {F_POLICY, "policy", "|policy|policies|policy statement|richtlinie|leitlinie|richtlinien|"},
  {F_REQS, "requirements", "|requirement|requirements|anforderung|anforderungen|"},
  {F_ACTION, "action", "|action|actions|action plan|plan|maßnahme|maßnahmen|massnahme|massnahmen|"},
  {F_RESOURCES, "resources", "|resources|resource|ressourcen|ressource|budget|"},
  {F_REVIEW_LAST, "review_last", "|last review|last reviewed|reviewed on|letzte überprüfung|"},
  {F_REVIEW_NEXT, "review_next", "|review date|review|next review|next review date|nächste überprüfung|überprüfung|"
                                 "überprüfungsdatum|review-datum|"},
  {F_EVALUATION, "evaluation", "|evaluation|evaluation method|how evaluated|bewertung|auswertung|"},
  {F_SOURCE, "source", "|source|data source|quelle|datenquelle|"},
};

static const char *field_name(Field f)
{
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (fields[i].f == f)
      return fields[i].name;
  return "";
}

//
// The table
//

typedef struct {
  int row;           // CSV: the line where the row opens; XLSX: the sheet row
  const char **f;    // n texts ("" when empty); read them with cell()
  const unsigned char *num;  // XLSX: per text, 1 when it is a number cell's (a number or a
                             // percentage the sheet holds as a number); NULL: none is (CSV)
  int n;
} IRow;

typedef struct {
  Arena a;
  const char *path;  // as given
  const char *name;  // its base name
  bool xlsx;
  const char *sheet;
  int n_cols;
  int *colno;           // XLSX: the sheet column (A = 1) of each column, which are the sheet's
                        // columns that hold a cell; NULL: column c is c + 1 (CSV)
  int sheet_cols;       // XLSX: the sheet's last column with a cell
  const char **header;  // n_cols names
  Field *field;         // n_cols
  IRow *rows;           // rows[0] is the header row
  int n_rows, cap_rows;
  XlsxMerge *merges;    // XLSX: the merged ranges of the data rows
  int n_merges;
} Table;

static const char *cell(const IRow *r, int c)  // c: 0-based column
{
  return c < r->n ? r->f[c] : "";
}

static void add_row(Table *t, int row, const char **f, const unsigned char *num, int n)
{
  if (t->n_rows == t->cap_rows)
    t->rows = xrealloc(t->rows, (size_t)(t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64) * sizeof *t->rows);
  IRow *r = &t->rows[t->n_rows++];
  r->row = row;
  r->n = n;
  r->num = num;
  r->f = arena_alloc(&t->a, (size_t)(n ? n : 1) * sizeof *r->f);
  for (int i = 0; i < n; i++)
    r->f[i] = f[i] ? f[i] : "";
}

/* The sheet's (or the CSV's) number of column c (0-based): A = 1. */
static int col_no(const Table *t, int c)
{
  return t->colno ? t->colno[c] : c + 1;
}

/* The column (0-based) whose number is col, or -1. */
static int col_index(const Table *t, int col)
{
  if (!t->colno)
    return col >= 1 && col <= t->n_cols ? col - 1 : -1;
  int lo = 0, hi = t->n_cols;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (t->colno[mid] < col)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->n_cols && t->colno[lo] == col ? lo : -1;
}

/* The position of cell (row, column c, 0-based) as the user finds it: A1 in a
 * sheet, line and field in a CSV (in lang). */
static const char *where(Table *t, Language lang, int row, int c)
{
  int col = col_no(t, c);
  if (t->xlsx) {
    char a1[16];
    xlsx_ref_format(row, col, a1);
    return arena_strdup(&t->a, a1);
  }
  return arena_printf(&t->a, tr(lang, "line %d, field %d"), row, col);
}

static void on_csv_row(void *ctx, const CsvRow *r)
{
  Table *t = ctx;
  char **f = r->f;
  int nf = r->nf, line = r->line;
  const char **copy = xmalloc((size_t)(nf ? nf : 1) * sizeof *copy);
  for (int i = 0; i < nf; i++)
    copy[i] = arena_strdup(&t->a, f[i]);
  if (nf > t->n_cols)
    t->n_cols = nf;
  add_row(t, line, copy, NULL, nf);
  free(copy);
}

/* Read the whole file (at most limit bytes); NULL after a message. */
static char *slurp(const char *path, size_t limit, size_t *len)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    fprintf(stderr, "objreg: error: cannot read '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  SlurpError err;
  const char *why;
  char *data = fd_read(fd, limit, len, &err, &why);
  close(fd);
  if (!data)
    fprintf(stderr, "objreg: error: cannot read '%s': %s\n", path,
            err == SLURP_NOT_REGULAR ? "not a regular file" : err == SLURP_TOO_LARGE ? "larger than 16 MiB" : why);
  return data;
}

/* Print a reader's findings about the register as errors on stderr. */
static void print_findings(const Pack *p)
{
  Buf b;
  buf_init(&b);
  diag_lines(&b, p, false, stderr);
  if (b.len)
    fputs(b.s, stderr);
  buf_release(&b);
}

/* A CSV register (data: len bytes, taken over) in encoding enc when it has no BOM;
 * whatever its name says (Excel's "Unicode text" is a .txt), as a pack's CSV is read. */
static int read_csv(Table *t, char *data, size_t len, CsvEncoding enc)
{
  Pack p;
  pack_init(&p);
  p.csv.encoding = enc;
  SrcFile f = {.path = t->path};
  int rc = 2;
  char delim;
  if (csv_text(&p, &f, data, len) && csv_read(&p, &f, on_csv_row, t, &delim))
    rc = 0;
  if (rc)
    print_findings(&p);
  if (rc && p.diags.len && p.diags.v[0].rule == RULE_E_UTF8)
    fprintf(stderr, "objreg: note: for import, give the encoding with --encoding (windows-1252 for Excel's "
                    "\"CSV (delimited)\"), or set csv.encoding in the pack's pack.yml\n");
  free(f.data);
  pack_free(&p);
  return rc;
}

/* Cell texts of a row as an n_cols array.  A date cell whose format shows no
 * day ("mmm yyyy", "yyyy") is the month (YYYY-MM) or the year (YYYY) it
 * shows, read as that text is: never the first day, which the sheet does not show. */
static const char **row_cells(Table *t, const XlsxSheet *s, int from, int to, int row)
{
  const char **f = arena_alloc(&t->a, (size_t)(t->n_cols ? t->n_cols : 1) * sizeof *f);
  for (int c = 0; c < t->n_cols; c++)
    f[c] = "";
  for (int i = from; i < to && s->cells[i].row == row; i++) {
    const XlsxCell *x = &s->cells[i];
    bool part = x->kind == XV_DATE && x->span && strlen(x->text) >= 10;
    f[col_index(t, x->col)] = part ? arena_strndup(&t->a, x->text, x->span == 'm' ? 7 : 4) : x->text;
  }
  return f;
}

/* Which cells of a row are number cells (a number or a percentage), as an n_cols array. */
static const unsigned char *row_numbers(Table *t, const XlsxSheet *s, int from, int to, int row)
{
  unsigned char *v = arena_alloc(&t->a, (size_t)(t->n_cols ? t->n_cols : 1));
  memset(v, 0, (size_t)(t->n_cols ? t->n_cols : 1));
  for (int i = from; i < to && s->cells[i].row == row; i++)
    v[col_index(t, s->cells[i].col)] = s->cells[i].kind == XV_NUMBER || s->cells[i].kind == XV_PERCENT;
  return v;
}

static Field field_by_header(const char *h);
static char *norm(Arena *a, const char *s);

/* How many of a row's texts are header names objreg knows. */
static int known_headers(Table *t, const char *const *f, int n)
{
  int k = 0;
  for (int c = 0; c < n; c++)
    k += f[c] && *f[c] && field_by_header(norm(&t->a, f[c])) > F_IGNORE;
  return k;
}

/* A cell above the header (col: 1-based, for a sheet), named on stderr. */
static void note_above(const Table *t, int row, int col, const char *text)
{
  char a1[16];
  if (t->xlsx) {
    xlsx_ref_format(row, col, a1);
    fprintf(stderr, "objreg: note: sheet '%s', cell %s, above the header, is not imported: '%s'\n", t->sheet, a1, text);
  } else {
    fprintf(stderr, "objreg: note: line %d, above the header, is not imported: '%s'\n", row, text);
  }
}

/* The header row of a sheet: of the first ten rows with a value, the one with
 * the most header names objreg knows (else the first). */
static int sheet_header_row(Table *t, const XlsxSheet *s)
{
  int hr = s->cells[0].row, best = 0;
  for (int i = 0, seen = 0; i < s->n_cells && seen < 10; seen++) {
    int row = s->cells[i].row, j = i;
    while (j < s->n_cells && s->cells[j].row == row)
      j++;
    const char **f = row_cells(t, s, i, j, row);
    int k = known_headers(t, f, t->n_cols);
    if (k > best)
      best = k, hr = row;
    i = j;
  }
  return hr;
}

static int merge_c1_cmp(const void *a, const void *b)
{
  const XlsxMerge *x = *(XlsxMerge *const *)a, *y = *(XlsxMerge *const *)b;
  return x->c1 != y->c1 ? (x->c1 > y->c1) - (x->c1 < y->c1) : (x > y) - (x < y);  // then in file order
}

/* The texts of header row r by column: its cells, and over each other column a
 * merged range of the row covers, the range's first cell (one sweep over the
 * ranges sorted by column: overlapping ranges, which Excel never writes, cost no more). */
static void header_row_texts(const Table *t, const XlsxSheet *s, int r, const char **v)
{
  for (int c = 0; c < t->n_cols; c++)
    v[c] = xlsx_cell(s, r, t->colno[c]);
  const XlsxMerge **ms = xmalloc(((size_t)s->n_merges + 1) * sizeof *ms);
  int n = 0;
  for (int m = 0; m < s->n_merges; m++)
    if (r >= s->merges[m].r1 && r <= s->merges[m].r2 && xlsx_cell(s, s->merges[m].r1, s->merges[m].c1))
      ms[n++] = &s->merges[m];
  qsort(ms, (size_t)n, sizeof *ms, merge_c1_cmp);
  for (int c = 0, p = 0; c < t->n_cols; c++) {
    while (p < n && ms[p]->c2 < t->colno[c])
      p++;
    if (!v[c] && p < n && ms[p]->c1 <= t->colno[c])
      v[c] = xlsx_cell(s, ms[p]->r1, ms[p]->c1);
  }
  free(ms);
}

/* The header's names, rows hr..hr_last joined with a space, a merged cell
 * naming each column and row it covers. */
static const char **sheet_header(Table *t, const XlsxSheet *s, int hr, int hr_last)
{
  int n = t->n_cols ? t->n_cols : 1;
  const char **h = arena_alloc(&t->a, (size_t)n * sizeof *h), **v = xmalloc((size_t)n * sizeof *v);
  Buf *b = xcalloc((size_t)n, sizeof *b);
  const char **prev = xcalloc((size_t)n, sizeof *prev);
  for (int c = 0; c < t->n_cols; c++)
    buf_init(&b[c]);
  for (int r = hr; r <= hr_last; r++) {
    header_row_texts(t, s, r, v);
    for (int c = 0; c < t->n_cols; c++) {
      if (v[c] && (!prev[c] || strcmp(prev[c], v[c]) != 0))
        buf_printf(&b[c], "%s%s", b[c].len ? " " : "", v[c]);
      if (v[c])
        prev[c] = v[c];
    }
  }
  for (int c = 0; c < t->n_cols; c++) {
    h[c] = arena_strdup(&t->a, b[c].s);
    buf_release(&b[c]);
  }
  free(b);
  free(prev);
  free(v);
  return h;
}

/* The sheet's columns that hold a cell, in order, into t->colno (the other
 * columns are not the register's: a cell far right costs one column, not
 * thousands). */
static void sheet_columns(Table *t, const XlsxSheet *s)
{
  unsigned char *used = xcalloc((size_t)s->n_cols + 1, 1);
  for (int i = 0; i < s->n_cells; i++)
    used[s->cells[i].col] = 1;
  t->colno = arena_alloc(&t->a, ((size_t)s->n_cols + 1) * sizeof *t->colno);
  t->n_cols = 0;
  for (int c = 1; c <= s->n_cols; c++)
    if (used[c])
      t->colno[t->n_cols++] = c;
  t->sheet_cols = s->n_cols;
  free(used);
}

#define MAX_GRID 1000000  // rows x columns of a register (a cell's text and its note each)

/* Whether the register's rows (n_rows with a value, the last numbered last) by
 * its columns stay within MAX_GRID; else a message. */
static bool grid_fits(const Table *t, int n_rows, int last)
{
  if ((size_t)n_rows * (size_t)t->n_cols <= MAX_GRID)
    return true;
  char a1[16] = "";
  if (t->xlsx)
    xlsx_ref_format(last, t->sheet_cols, a1);
  fprintf(stderr, "objreg: error: '%s' has %d rows by %d columns%s%s%s, more than import reads (%d cells): delete "
                  "what is not the register, or copy the register alone into a new %s\n", t->path, n_rows, t->n_cols,
          t->xlsx ? " (up to cell " : "", a1, t->xlsx ? ")" : "", MAX_GRID, t->xlsx ? "sheet" : "file");
  return false;
}

static int read_xlsx(Table *t, const char *data, size_t len, const char *sheet)
{
  XlsxSheet s;
  if (xlsx_read(data, len, sheet, NULL, &s) != 0) {
    if (s.err_row)
      fprintf(stderr, "%s:%d:%d: error: %s\n", t->path, s.err_row, s.err_col, s.err);
    else
      fprintf(stderr, "%s: error: %s\n", t->path, s.err);
    xlsx_free(&s);
    return 2;
  }
  t->sheet = arena_strdup(&t->a, s.sheet);
  if (s.hidden_row || s.hidden_col) {  // what is imported is what the sheet shows: all of it
    char col[16];
    xlsx_ref_format(1, s.hidden_col, col);
    col[strcspn(col, "0123456789")] = '\0';
    if (s.hidden_row)
      fprintf(stderr, "%s:%d:1: error: sheet '%s', row %d is hidden (by hand or by a filter), and holds values: show "
                      "every row and column, and delete what is not to be imported; nothing imported\n",
              t->path, s.hidden_row, s.sheet, s.hidden_row);
    else
      fprintf(stderr, "%s:1:%d: error: sheet '%s', column %s is hidden, and holds values: show every row and "
                      "column, and delete what is not to be imported; nothing imported\n",
              t->path, s.hidden_col, s.sheet, col);
    xlsx_free(&s);
    return 2;
  }
  for (int i = 0; i < s.n_cells; i++) {  // what is imported is what the sheet shows: a cell that shows
    if (s.cells[i].kind != XV_REFUSED)   // something else refuses the register
      continue;
    char where[96];
    xlsx_where(s.sheet, s.cells[i].row, s.cells[i].col, where, sizeof where);
    fprintf(stderr, "%s:%d:%d: error: %s: %s; nothing imported\n", t->path, s.cells[i].row, s.cells[i].col, where,
            s.cells[i].text);
    xlsx_free(&s);
    return 2;
  }
  sheet_columns(t, &s);
  if (s.n_cells == 0) {
    arena_adopt(&t->a, &s.arena);
    xlsx_free(&s);
    return 0;
  }
  int n_rows = 1;
  for (int i = 1; i < s.n_cells; i++)
    n_rows += s.cells[i].row != s.cells[i - 1].row;
  if (!grid_fits(t, n_rows, s.n_rows)) {
    xlsx_free(&s);
    return 2;
  }
  int hr = sheet_header_row(t, &s);
  for (int i = 0; i < s.n_cells && s.cells[i].row < hr; i++)
    note_above(t, s.cells[i].row, s.cells[i].col, s.cells[i].text);
  int hr_last = hr;  // header cells merged down over two to four rows
  for (int m = 0; m < s.n_merges; m++)
    if (s.merges[m].r1 == hr && s.merges[m].r2 > hr_last && s.merges[m].r2 - hr < 4)
      hr_last = s.merges[m].r2;
  t->header = sheet_header(t, &s, hr, hr_last);
  add_row(t, hr, t->header, NULL, t->n_cols);  // row 0: the header, as with a CSV
  for (int i = 0; i < s.n_cells;) {
    int row = s.cells[i].row, j = i;
    while (j < s.n_cells && s.cells[j].row == row)
      j++;
    if (row > hr_last)
      add_row(t, row, row_cells(t, &s, i, j, row), row_numbers(t, &s, i, j, row), t->n_cols);
    i = j;
  }
  // Merged data cells keep their value in the first cell; an id or a title merged down over
  // the rows of its measures is spread once the columns are known.
  t->merges = xmalloc(((size_t)s.n_merges + 1) * sizeof *t->merges);
  for (int m = 0; m < s.n_merges; m++)
    if (s.merges[m].r1 > hr_last && s.merges[m].r2 > s.merges[m].r1)
      t->merges[t->n_merges++] = s.merges[m];
  arena_adopt(&t->a, &s.arena);  // the cells' texts
  xlsx_free(&s);
  return 0;
}

//
// The columns
//

/* A header as matched: lower case (ASCII), single spaces, trimmed, no trailing ':' or '*'. */
static char *norm(Arena *a, const char *s)
{
  Buf b;
  buf_init(&b);
  bool space = false;
  for (const char *p = s; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = b.len > 0;
      continue;
    }
    if (space)
      buf_putc(&b, ' ');
    space = false;
    buf_putc(&b, (char)tolower(ch));
  }
  while (b.len && (b.s[b.len - 1] == ':' || b.s[b.len - 1] == '*' || b.s[b.len - 1] == ' '))
    b.s[--b.len] = '\0';
  // German capitals at the start of a word that tolower() leaves: Ä Ö Ü
  for (size_t i = 0; i + 1 < b.len; i++)
    if ((unsigned char)b.s[i] == 0xC3 && ((unsigned char)b.s[i + 1] == 0x84 || (unsigned char)b.s[i + 1] == 0x96 ||
                                         (unsigned char)b.s[i + 1] == 0x9C))
      b.s[i + 1] = (char)((unsigned char)b.s[i + 1] + 0x20);
  char *r = arena_strdup(a, b.s ? b.s : "");
  buf_release(&b);
  return r;
}

static Field field_by_header(const char *h)
{
  size_t n = strlen(h);
  if (!n)
    return F_NONE;
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    const char *p = fields[i].headers;
    while ((p = strstr(p, h))) {
      if (p[-1] == '|' && p[n] == '|')
        return fields[i].f;
      p++;
    }
  }
  return F_NONE;
}

static Field field_by_name(const char *s)
{
  static const struct { const char *alias; Field f; } aliases[] = {
    {"metric", F_METRIC}, {"kpi", F_METRIC}, {"name", F_METRIC}, {"review", F_REVIEW_NEXT}, {"risk", F_RISKS},
    {"requirement", F_REQS}, {"actions", F_ACTION}, {"plan", F_ACTION}, {"objective", F_TITLE},
    {"current_value", F_CURRENT}, {"value", F_CURRENT}, {"date", F_CURRENT_DATE},
  };
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (str_ieq(fields[i].name, s))
      return fields[i].f;
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
    if (str_ieq(aliases[i].alias, s))
      return aliases[i].f;
  return F_COUNT;
}

/* Name every column: header names, then --map; -1 after a message. */
static int map_columns(Table *t, const char *const *maps, int n_maps)
{
  t->field = arena_alloc(&t->a, (size_t)(t->n_cols ? t->n_cols : 1) * sizeof *t->field);
  for (int c = 0; c < t->n_cols; c++)
    t->field[c] = field_by_header(norm(&t->a, t->header[c]));
  for (int i = 0; i < n_maps; i++) {
    const char *eq = strrchr(maps[i], '=');
    char *col = norm(&t->a, arena_strndup(&t->a, maps[i], (size_t)(eq - maps[i])));
    Field f = field_by_name(eq + 1);
    if (f == F_COUNT) {
      Buf b;
      buf_init(&b);
      for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
        buf_printf(&b, "%s%s", k ? ", " : "", fields[k].name);
      fprintf(stderr, "objreg: error: --map '%s': unknown field '%s' (%s)\n", maps[i], eq + 1, b.s);
      buf_release(&b);
      return -1;
    }
    int found = -1;
    for (int c = 0; c < t->n_cols && found < 0; c++)
      if (strcmp(norm(&t->a, t->header[c]), col) == 0)
        found = c;
    if (found < 0 && t->xlsx) {  // a column letter
      int r, cc;
      char *ref = arena_printf(&t->a, "%s1", eq == maps[i] ? "" : arena_strndup(&t->a, maps[i], (size_t)(eq - maps[i])));
      if (xlsx_ref_parse(ref, &r, &cc) && cc <= t->sheet_cols && (found = col_index(t, cc)) < 0)
        continue;  // a column without a cell: nothing to read
    }
    if (found < 0) {
      fprintf(stderr, "objreg: error: --map '%s': the register has no column '%.*s'\n", maps[i], (int)(eq - maps[i]),
              maps[i]);
      return -1;
    }
    t->field[found] = f;
  }
  // One column per field: a second column of the same field is listed in the body only.
  for (int c = 0; c < t->n_cols; c++)
    for (int d = 0; d < c; d++)
      if (t->field[c] > F_IGNORE && t->field[d] == t->field[c]) {
        fprintf(stderr, "objreg: warning: columns '%s' and '%s' both read as '%s'; the second is kept in the body only\n",
                t->header[d], t->header[c], field_name(t->field[c]));
        t->field[c] = F_NONE;
      }
  return 0;
}

static int col_of(const Table *t, Field f)
{
  for (int c = 0; c < t->n_cols; c++)
    if (t->field[c] == f)
      return c;
  return -1;
}

//
// Objectives
//

typedef enum { USE_NONE, USE_READ, USE_KEPT } Use;  // a cell: not a field; read; a field's value kept as written

typedef struct {
  const char *id;     // the objective's id
  const char *reg_id; // the register's id ("" when none)
  int *rows;          // indexes into t->rows
  int n_rows;
} IObj;

/* An objective id in the pack's grammar (objective_id_valid), at most max characters. */
static bool valid_id(const char *s, int max)
{
  return objective_id_valid(s) && strlen(s) <= (size_t)max;
}

static const char *trim(Arena *a, const char *s)
{
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
    n--;
  return arena_strndup(a, s, n);
}

static bool has_measure_cell(const Table *t, const IRow *r)
{
  static const Field mf[] = {F_METRIC, F_MEASURE_ID, F_UNIT, F_DIRECTION, F_BASELINE, F_BASELINE_DATE, F_TARGET,
                             F_FREQUENCY, F_CURRENT, F_SOURCE};
  for (size_t i = 0; i < sizeof mf / sizeof *mf; i++) {
    int c = col_of(t, mf[i]);
    if (c >= 0 && *cell(r, c))
      return true;
  }
  return false;
}

static bool row_empty(const IRow *r)
{
  for (int c = 0; c < r->n; c++)
    if (*r->f[c])
      return false;
  return true;
}

/* Group the data rows into objectives. */
static IObj *group_rows(Table *t, int *n_obj)
{
  int cid = col_of(t, F_ID), ctitle = col_of(t, F_TITLE);
  IObj *v = xcalloc((size_t)t->n_rows + 1, sizeof *v);
  int n = 0;
  Map by_id;  // register id -> objective index + 1
  map_init(&by_id);
  for (int i = 1; i < t->n_rows; i++) {
    IRow *r = &t->rows[i];
    if (row_empty(r))
      continue;
    const char *id = cid >= 0 ? trim(&t->a, cell(r, cid)) : "";
    const char *title = ctitle >= 0 ? trim(&t->a, cell(r, ctitle)) : "";
    IObj *o = NULL;
    if (*id) {
      intptr_t k = (intptr_t)map_get(&by_id, id);
      if (k)
        o = &v[k - 1];
    } else if (!*title && n > 0 && has_measure_cell(t, r)) {
      o = &v[n - 1];  // a measure row below its objective
    }
    if (!o) {
      o = &v[n++];
      o->reg_id = id;
      o->rows = NULL;
      if (*id)
        map_put(&by_id, id, (void *)(intptr_t)n);
    }
    if ((o->n_rows & (o->n_rows - 1)) == 0)  // 0, 1, 2, 4, ...: grow
      o->rows = xrealloc(o->rows, (size_t)(o->n_rows ? 2 * o->n_rows : 1) * sizeof *o->rows);
    o->rows[o->n_rows++] = i;
  }
  map_release(&by_id);
  *n_obj = n;
  return v;
}

//
// Writing
//

/* A YAML double-quoted scalar. */
static void yq(Buf *b, const char *s)
{
  buf_putc(b, '"');
  for (const char *p = s; *p;) {
    uint32_t cp;
    int n = utf8_decode(p, strlen(p), &cp);
    if (n <= 0) {
      n = 1;
      cp = 0xFFFD;
    }
    if (cp == '"' || cp == '\\')
      buf_printf(b, "\\%c", (char)cp);
    else if (cp == '\n')
      buf_puts(b, "\\n");
    else if (cp == '\t')
      buf_puts(b, "\\t");
    else if (cp == '\r')
      buf_puts(b, "\\r");
    else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF || cp == 0x2028 || cp == 0x2029)
      buf_printf(b, "\\u%04X", (unsigned)cp);
    else
      buf_add(b, p, (size_t)n);
    p += n;
  }
  buf_putc(b, '"');
}

/* Text as Markdown that shows it as written: punctuation escaped, lines kept. */
static void md_text(Buf *b, const char *s, const char *indent)
{
  bool bol = true;
  for (const char *p = s; *p; p++) {
    char ch = *p;
    if (ch == '\r' && p[1] == '\n')
      continue;
    if (ch == '\n' || ch == '\r') {
      buf_printf(b, "\\\n%s", indent);
      bol = true;
      continue;
    }
    if (strchr("\\`*_[]<>&|~!", ch) || (bol && strchr("#+-=", ch)))
      buf_putc(b, '\\');
    if (bol && isdigit((unsigned char)ch)) {  // "1." or "1)" at the start would start a list
      const char *q = p;
      while (isdigit((unsigned char)*q))
        q++;
      buf_add(b, p, (size_t)(q - p));
      if ((*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\0' || q[1] == '\n'))
        buf_putc(b, '\\');
      p = q - 1;
      bol = false;
      continue;
    }
    buf_putc(b, ch);
    bol = ch == ' ' && bol;
  }
}

/* A CSV field, quoted when it needs to be. */
static void csvf(Buf *b, const char *s, char delim)
{
  if (!strchr(s, delim) && !strpbrk(s, "\"\r\n") && *s != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      buf_putc(b, '"');
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

//
// One objective
//

typedef struct {
  Table *t;
  Arena *a;
  const char **note;   // per (row, column): how the cell was read; index r * n_cols + c
  Buf csv;             // progress/imported.csv rows
  char delim, dec;     // its delimiter and decimal mark: as the pack's csv: settings read them
  bool pad;            // the pack reads 1.425 (or 1,425) as ambiguous: write 1.4250
  int n_progress, n_undated;
  Language lang;       // the pack's: the comments, the body and the notes are written in it
} Ctx;

#define NOTE(x, r, c) ((x)->note[(size_t)(r) * (size_t)(x)->t->n_cols + (size_t)(c)])

static void set_note(Ctx *x, int r, int c, const char *fmt, ...) FMT(4, 5);
static void set_note(Ctx *x, int r, int c, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NOTE(x, r, c) = arena_vprintf(x->a, fmt, ap);
  va_end(ap);
}

/* The note of a value kept as written. */
static const char *kept(const Ctx *x)
{
  return tr(x->lang, "kept as written: not a value objreg reads exactly");
}

/* A number of a note ("5.8", as the front matter has it) as the pack's language writes it. */
static const char *note_num(Ctx *x, const char *s)
{
  char out[96];
  return x->lang == LANG_EN ? s : arena_strdup(x->a, num_localise(x->lang, s, out, sizeof out));
}

/* The ids in a cell ("R-012, R-019"), or false when any part is not an id with a digit. */
static bool id_list(Arena *a, const char *s, const char ***out, int *n)
{
  char *copy = arena_strdup(a, s);
  const char **v = arena_alloc(a, (strlen(s) / 2 + 2) * sizeof *v);
  int k = 0;
  for (char *tok = strtok(copy, ",;/ \t\r\n"); tok; tok = strtok(NULL, ",;/ \t\r\n")) {
    if (!valid_id(tok, 64) || !strpbrk(tok, "0123456789"))
      return false;
    v[k++] = tok;
  }
  *out = v;
  *n = k;
  return k > 0;
}

static int enum_word(const char *s, const char *const *words, const int *vals)
{
  return enum_lookup(words, vals, s);
}

static const char *const dir_words[] = {"increase", "decrease", "higher is better", "lower is better", "up", "down",
                                        "steigend", "fallend", "erhöhen", "senken", "hausse", "baisse", "augmenter",
                                        "diminuer", "höher ist besser", "niedriger ist besser", NULL};
static const int dir_word_vals[] = {DIR_INCREASE, DIR_DECREASE, DIR_INCREASE, DIR_DECREASE, DIR_INCREASE, DIR_DECREASE,
                                    DIR_INCREASE, DIR_DECREASE, DIR_INCREASE, DIR_DECREASE, DIR_INCREASE, DIR_DECREASE,
                                    DIR_INCREASE, DIR_DECREASE, DIR_INCREASE, DIR_DECREASE};
static const char *const freq_words[] = {
  "weekly", "monthly", "quarterly", "semiannual", "semi-annual", "semi-annually", "semiannually", "half-yearly",
  "annual", "annually", "yearly", "wöchentlich", "monatlich", "vierteljährlich", "quartalsweise", "halbjährlich",
  "jährlich", "hebdomadaire", "mensuel", "mensuelle", "trimestriel", "trimestrielle", "semestriel", "semestrielle",
  "annuel", "annuelle", NULL};
static const int freq_word_vals[] = {
  FREQ_WEEKLY, FREQ_MONTHLY, FREQ_QUARTERLY, FREQ_SEMIANNUAL, FREQ_SEMIANNUAL, FREQ_SEMIANNUAL, FREQ_SEMIANNUAL,
  FREQ_SEMIANNUAL, FREQ_ANNUAL, FREQ_ANNUAL, FREQ_ANNUAL, FREQ_WEEKLY, FREQ_MONTHLY, FREQ_QUARTERLY, FREQ_QUARTERLY,
  FREQ_SEMIANNUAL, FREQ_ANNUAL, FREQ_WEEKLY, FREQ_MONTHLY, FREQ_MONTHLY, FREQ_QUARTERLY, FREQ_QUARTERLY,
  FREQ_SEMIANNUAL, FREQ_SEMIANNUAL, FREQ_ANNUAL, FREQ_ANNUAL};

static bool same_unit(const char *a, const char *b)
{
  bool pa = unit_is_percent(a), pb = unit_is_percent(b);
  return pa || pb ? pa && pb : str_ieq(a, b);
}

static const char *fmt_num(Arena *a, double v)
{
  char s[48];
  snprintf(s, sizeof s, "%.15g", v);
  return arena_strdup(a, s);
}

static const char *date_str(Arena *a, Date d)
{
  char s[11];
  date_format(d, s);
  return arena_strdup(a, s);
}

/* A first value of an objective-level text field, from the objective's rows. */
static const char *first_text(Ctx *x, const IObj *o, Field f, const char *label)
{
  int c = col_of(x->t, f);
  const char *v = NULL;
  int vr = 0;
  for (int i = 0; c >= 0 && i < o->n_rows; i++) {
    int r = o->rows[i];
    const char *s = trim(x->a, cell(&x->t->rows[r], c));
    if (!*s)
      continue;
    if (!v) {
      v = s, vr = r;
      set_note(x, r, c, "%s", label);
    } else if (strcmp(v, s) == 0) {
      set_note(x, r, c, tr(x->lang, "%s (as above)"), label);
    } else {
      set_note(x, r, c, tr(x->lang, "kept as written: the %s is taken from %s"), label,
               where(x->t, x->lang, x->t->rows[vr].row, c));
    }
  }
  return v;
}

/* A measure being made from one row of the register. */
typedef struct {
  int r;               // the row: an index into t->rows
  const IRow *row;
  int c_name, c_mid, c_unit, c_dir, c_base, c_bdate, c_target, c_freq, c_cur, c_cdate, c_src;  // -1: no column
  const char *name, *mid, *unit_cell, *dir_cell, *base_s, *bdate_s, *target_s, *freq_s, *cur_s, *cdate_s, *src;
  const char *id, *unit;       // unit: NULL when none
  ImportValue tv, bv, cv;      // target, baseline, current value
  bool has_t, has_b, has_c;    // read, and of the measure's kind and unit
  bool frac_t, frac_b, frac_c; // read, but a number without % in [-1, 1] in a measure in %: not used
  ImportValueKind kind;
  double scale;                // durations: minutes per unit
  Direction dir;
  const char *dir_from;        // what the direction was taken from (for the note; an English msgid)
  Frequency freq;
  Date bdate, cdate;
} Meas;

/* The trimmed text of column c of the measure's row ("" without the column). */
static const char *meas_text(Ctx *x, const Meas *m, int c)
{
  return c >= 0 ? trim(x->a, cell(m->row, c)) : "";
}

/* The measure columns of row r and their texts. */
static void meas_cells(Ctx *x, int r, Meas *m)
{
  const Table *t = x->t;
  m->r = r;
  m->row = &t->rows[r];
  m->c_name = col_of(t, F_METRIC), m->c_mid = col_of(t, F_MEASURE_ID), m->c_unit = col_of(t, F_UNIT);
  m->c_dir = col_of(t, F_DIRECTION), m->c_base = col_of(t, F_BASELINE), m->c_bdate = col_of(t, F_BASELINE_DATE);
  m->c_target = col_of(t, F_TARGET), m->c_freq = col_of(t, F_FREQUENCY), m->c_cur = col_of(t, F_CURRENT);
  m->c_cdate = col_of(t, F_CURRENT_DATE), m->c_src = col_of(t, F_SOURCE);
  m->name = meas_text(x, m, m->c_name), m->mid = meas_text(x, m, m->c_mid);
  m->unit_cell = meas_text(x, m, m->c_unit), m->dir_cell = meas_text(x, m, m->c_dir);
  m->base_s = meas_text(x, m, m->c_base), m->bdate_s = meas_text(x, m, m->c_bdate);
  m->target_s = meas_text(x, m, m->c_target), m->freq_s = meas_text(x, m, m->c_freq);
  m->cur_s = meas_text(x, m, m->c_cur), m->cdate_s = meas_text(x, m, m->c_cdate), m->src = meas_text(x, m, m->c_src);
}

/* The measure's id: the register's, when it is an id not used yet in this
 * objective (ids: the k ids before it), else M<k+1>. */
static void meas_id(Ctx *x, Meas *m, int k, const char **ids)
{
  const char *id = NULL;
  if (*m->mid && valid_id(m->mid, 64)) {
    id = m->mid;
    for (int i = 0; i < k; i++)
      if (strcmp(ids[i], m->mid) == 0)
        id = NULL;
  }
  if (!id)
    id = arena_printf(x->a, "M%d", k + 1);
  ids[k] = m->id = id;
  if (*m->mid)
    set_note(x, m->r, m->c_mid, id == m->mid ? tr(x->lang, "measure id")
                                             : tr(x->lang, "kept as written: not a usable measure id; the measure is %s"),
             id);
}

/* Whether a value read is of the measure's kind and (a number) unit. */
static bool meas_fits(const Meas *m, const ImportValue *v)
{
  return v->kind == m->kind && (v->kind != IV_NUMBER || !*v->unit || (m->unit && same_unit(v->unit, m->unit)));
}

/* The value of the measure's row in column c (its text s): a number cell is
 * the number it holds (1.425 is not typed text that could be 1425). */
static bool meas_parse(const Meas *m, int c, const char *s, ImportValue *v)
{
  if (!*s)
    return false;
  if (m->row->num && c < m->row->n && m->row->num[c])
    return import_number_cell_parse(s, v);
  return import_value_parse(s, v);
}

/* A number without a unit in a measure in %, other than 0 and beyond [-1, 1],
 * is percentage points; within it, it could as well be a fraction (0.12, a
 * General cell next to percent cells, or =failed/sent, is 12 %): not read. */
static bool meas_fraction(const Meas *m, const ImportValue *v)
{
  return m->kind == IV_NUMBER && v->kind == IV_NUMBER && m->unit && unit_is_percent(m->unit) && !*v->unit &&
         v->v != 0 && v->v >= -1 && v->v <= 1;
}

/* Target, baseline and current value, read; the measure's kind and unit. */
static void meas_values(Ctx *x, Meas *m)
{
  m->has_t = meas_parse(m, m->c_target, m->target_s, &m->tv);
  m->has_b = meas_parse(m, m->c_base, m->base_s, &m->bv);
  m->has_c = meas_parse(m, m->c_cur, m->cur_s, &m->cv);
  ImportValueKind kind = m->kind = m->has_t ? m->tv.kind : m->has_b ? m->bv.kind : m->cv.kind;
  const char *unit = *m->unit_cell ? m->unit_cell : NULL;
  if (!unit && kind == IV_NUMBER)
    unit = m->has_t && *m->tv.unit ? m->tv.unit : m->has_b && m->bv.kind == kind && *m->bv.unit ? m->bv.unit
         : m->has_c && m->cv.kind == kind && *m->cv.unit ? m->cv.unit : NULL;
  m->unit = unit ? arena_strdup(x->a, unit) : NULL;
  m->has_t = m->has_t && meas_fits(m, &m->tv) && !m->tv.has_date;
  m->has_b = m->has_b && meas_fits(m, &m->bv) && !m->bv.has_due && m->bv.cmp == 0;
  m->has_c = m->has_c && meas_fits(m, &m->cv) && !m->cv.has_due && m->cv.cmp == 0;
  m->frac_t = m->has_t && meas_fraction(m, &m->tv);
  m->frac_b = m->has_b && meas_fraction(m, &m->bv);
  m->frac_c = m->has_c && meas_fraction(m, &m->cv);
  m->has_t &= !m->frac_t, m->has_b &= !m->frac_b, m->has_c &= !m->frac_c;
}

/* The note of a value of the measure kept as written: frac, a number without %
 * in a measure in % (v) */
static const char *kept_value(Ctx *x, bool frac, const ImportValue *v)
{
  if (!frac)
    return kept(x);
  return arena_printf(x->a, tr(x->lang, "kept as written: %s without a %% sign, in a measure in %%, is a fraction (%s %%) "
                                        "or %s %%: write it with its %% sign"),
                      note_num(x, v->text), note_num(x, fmt_num(x->a, v->v * 100)), note_num(x, v->text));
}

/* Durations: the largest of days, hours, minutes in which every value is whole;
 * yes/no values: the unit yes/no. */
static void meas_scale(Meas *m)
{
  m->scale = 1;
  if (m->kind == IV_YESNO)
    m->unit = "yes/no";
  if (m->kind != IV_DURATION)
    return;
  double all[3];
  int n = 0;
  if (m->has_t) all[n++] = m->tv.v;
  if (m->has_b) all[n++] = m->bv.v;
  if (m->has_c) all[n++] = m->cv.v;
  static const struct { double m; const char *u; } units[] = {{1440, "days"}, {60, "h"}, {1, "min"}};
  for (size_t u = 0; u < 3; u++) {
    bool whole = true;
    for (int i = 0; i < n; i++)
      whole &= all[i] / units[u].m == (double)(long long)(all[i] / units[u].m);
    if (whole || u == 2) {
      m->scale = units[u].m;
      m->unit = units[u].u;
      return;
    }
  }
}

/* The direction: its column, else the target's comparison, else baseline and
 * target, else a yes/no target. */
static void meas_direction(Ctx *x, Meas *m)
{
  m->dir = DIR_NONE;
  m->dir_from = NULL;
  if (*m->dir_cell) {
    m->dir = enum_word(m->dir_cell, dir_words, dir_word_vals);
    if (m->dir)
      set_note(x, m->r, m->c_dir, tr(x->lang, "measure %s: direction %s"), m->id, dir_name(m->dir));
    else
      set_note(x, m->r, m->c_dir, "%s", kept(x));
    if (m->dir)
      m->dir_from = "its column";
  }
  if (m->has_t && m->tv.cmp) {
    Direction d = m->tv.cmp < 0 ? DIR_DECREASE : DIR_INCREASE;
    if (m->dir && d != m->dir)
      m->has_t = false;  // "<=5%" in a measure whose direction column says increase: not read
    else
      m->dir = d, m->dir_from = m->tv.cmp < 0 ? N_("'at most'") : N_("'at least'");
  }
  if (!m->dir && m->has_t && m->has_b && m->tv.v != m->bv.v) {
    m->dir = m->tv.v < m->bv.v ? DIR_DECREASE : DIR_INCREASE;
    m->dir_from = N_("baseline and target");
  }
  if (!m->dir && m->has_t && m->kind == IV_YESNO) {
    m->dir = m->tv.v ? DIR_INCREASE : DIR_DECREASE;
    m->dir_from = N_("a yes/no target");
  }
}

/* The frequency, the baseline's date and the current value's date. */
static void meas_dates(Ctx *x, Meas *m)
{
  m->freq = *m->freq_s ? enum_word(m->freq_s, freq_words, freq_word_vals) : FREQ_NONE;
  m->bdate = m->has_b && m->bv.has_date ? m->bv.date : DATE_NONE;
  if (*m->bdate_s) {
    Date d;
    if (import_date_parse(m->bdate_s, &d) && (m->bdate == DATE_NONE || m->bdate == d)) {
      m->bdate = d;
      set_note(x, m->r, m->c_bdate, tr(x->lang, "measure %s: baseline date"), m->id);
    } else {
      set_note(x, m->r, m->c_bdate, "%s", kept(x));
    }
  }
  m->cdate = m->has_c && m->cv.has_date ? m->cv.date : DATE_NONE;
  if (*m->cdate_s) {
    Date d;
    ImportValue pv;
    bool ok = import_date_parse(m->cdate_s, &d) ||
              (import_value_parse(arena_printf(x->a, "0 (%s)", m->cdate_s), &pv) && pv.has_date && (d = pv.date, true));
    if (ok && (m->cdate == DATE_NONE || m->cdate == d)) {
      m->cdate = d;
      set_note(x, m->r, m->c_cdate, "%s", tr(x->lang, "the date of the current value"));
    } else {
      set_note(x, m->r, m->c_cdate, "%s", kept(x));
    }
  }
}

/* A value in the measure's unit: a duration scaled, else as read. */
static const char *meas_value_text(Ctx *x, const Meas *m, const ImportValue *v)
{
  return m->kind == IV_DURATION ? fmt_num(x->a, v->v / m->scale) : v->text;
}

/* " UNIT", or "" without a unit (a note's; "%" after the language's space). */
static const char *meas_unit_suffix(Ctx *x, const Meas *m)
{
  if (m->unit && x->lang != LANG_EN && strcmp(m->unit, "%") == 0)
    return percent_sign(x->lang);
  return m->unit ? arena_printf(x->a, " %s", m->unit) : "";
}

/* The front matter's id, name, unit and direction of the measure. */
static void write_meas_head(Ctx *x, const Meas *m, Buf *fm)
{
  buf_printf(fm, "  - id: %s\n", m->id);
  if (*m->name) {
    buf_puts(fm, "    name: ");
    yq(fm, m->name);
    buf_putc(fm, '\n');
    set_note(x, m->r, m->c_name, tr(x->lang, "measure %s: name"), m->id);
  }
  if (m->unit) {
    buf_puts(fm, "    unit: ");
    yq(fm, m->unit);
    buf_putc(fm, '\n');
    if (*m->unit_cell)
      set_note(x, m->r, m->c_unit, m->unit == m->unit_cell || strcmp(m->unit, m->unit_cell) == 0 ?
               tr(x->lang, "measure %s: unit") : tr(x->lang, "kept as written: the measure's unit is %s"),
               strcmp(m->unit, m->unit_cell) == 0 ? m->id : m->unit);
  } else if (*m->unit_cell) {
    set_note(x, m->r, m->c_unit, "%s", kept(x));
  }
  if (m->dir)
    buf_printf(fm, "    direction: %s\n", dir_name(m->dir));
  else
    buf_printf(fm, "    direction:          %s\n", tr(x->lang, "# increase | decrease"));
}

/* The front matter's baseline and its date. */
static void write_meas_baseline(Ctx *x, const Meas *m, Buf *fm)
{
  if (m->has_b) {
    const char *bt = meas_value_text(x, m, &m->bv);
    buf_printf(fm, "    baseline: %s\n", bt);
    set_note(x, m->r, m->c_base, tr(x->lang, "measure %s: baseline %s%s%s"), m->id, note_num(x, bt),
             meas_unit_suffix(x, m),
             m->bv.has_date ? arena_printf(x->a, tr(x->lang, " on %s"), date_str(x->a, m->bv.date)) : "");
  } else {
    buf_puts(fm, "    baseline:\n");
    if (*m->base_s)
      set_note(x, m->r, m->c_base, "%s", kept_value(x, m->frac_b, &m->bv));
  }
  if (m->bdate != DATE_NONE)
    buf_printf(fm, "    baseline_date: %s\n", date_str(x->a, m->bdate));
  else
    buf_puts(fm, "    baseline_date:\n");
}

/* The front matter's target (and its due date), frequency and source. */
static void write_meas_target(Ctx *x, const Meas *m, Buf *fm)
{
  if (m->has_t) {
    const char *tt = meas_value_text(x, m, &m->tv);
    buf_printf(fm, "    target: %s\n", tt);
    if (m->tv.has_due)
      buf_printf(fm, "    due: %s\n", date_str(x->a, m->tv.due));
    set_note(x, m->r, m->c_target, tr(x->lang, "measure %s: target %s%s%s%s"), m->id, note_num(x, tt),
             meas_unit_suffix(x, m),
             m->dir_from && strcmp(m->dir_from, "its column") != 0
               ? arena_printf(x->a, tr(x->lang, ", direction %s (from %s)"), dir_name(m->dir), tr(x->lang, m->dir_from))
               : "",
             m->tv.has_due ? arena_printf(x->a, tr(x->lang, ", due %s"), date_str(x->a, m->tv.due)) : "");
  } else {
    buf_puts(fm, "    target:\n");
    if (*m->target_s)
      set_note(x, m->r, m->c_target, "%s", kept_value(x, m->frac_t, &m->tv));
  }
  if (m->freq) {
    buf_printf(fm, "    frequency: %s\n", freq_name(m->freq));
    set_note(x, m->r, m->c_freq, tr(x->lang, "measure %s: frequency %s"), m->id, freq_name(m->freq));
  } else {
    buf_puts(fm, "    frequency:          # weekly | monthly | quarterly | semiannual | annual\n");
    if (*m->freq_s)
      set_note(x, m->r, m->c_freq, "%s", kept(x));
  }
  if (*m->src) {
    buf_puts(fm, "    source: ");
    yq(fm, m->src);
    buf_putc(fm, '\n');
    set_note(x, m->r, m->c_src, tr(x->lang, "measure %s: source"), m->id);
  }
}

/* The evidence of a progress row: the file and the cell (in a workbook, with its sheet). */
static const char *evidence_of(Ctx *x, int row, int c)
{
  const Table *t = x->t;
  if (t->xlsx)
    return arena_printf(x->a, tr(x->lang, "%s, sheet '%s', cell %s"), t->name, t->sheet, where(x->t, x->lang, row, c));
  return arena_printf(x->a, "%s %s", t->name, where(x->t, x->lang, row, c));
}

/* The current value: a row of progress/imported.csv when it has a date. */
static void meas_progress(Ctx *x, const IObj *o, const Meas *m)
{
  if (m->has_c && m->cdate != DATE_NONE) {
    const char *cvs = meas_value_text(x, m, &m->cv);
    char *v = arena_strdup(x->a, cvs), *point = strchr(v, '.');
    size_t lead = point ? (size_t)(point - v) - (v[0] == '-') : 0;
    if (point && x->pad && lead >= 1 && lead <= 3 && v[v[0] == '-'] != '0' && strlen(point + 1) == 3)
      v = arena_printf(x->a, "%s0", v);  // 1.425 could be 1425 where '.' groups thousands; 1.4250 cannot
    if ((point = strchr(v, '.')))
      *point = x->dec;
    csvf(&x->csv, o->id, x->delim);
    buf_printf(&x->csv, "%c%s%c%s%c%s%c", x->delim, m->id, x->delim, date_str(x->a, m->cdate), x->delim, v, x->delim);
    csvf(&x->csv, arena_printf(x->a, tr(x->lang, "imported: %s"), m->cur_s), x->delim);
    buf_putc(&x->csv, x->delim);
    csvf(&x->csv, evidence_of(x, m->row->row, m->c_cur), x->delim);
    buf_putc(&x->csv, '\n');
    x->n_progress++;
    set_note(x, m->r, m->c_cur, tr(x->lang, "progress/imported.csv: measure %s is %s%s on %s"), m->id, note_num(x, cvs),
             meas_unit_suffix(x, m), date_str(x->a, m->cdate));
  } else if (m->has_c) {
    x->n_undated++;
    set_note(x, m->r, m->c_cur, "%s",
             tr(x->lang, "kept as written: no date says when it was measured (add a row to progress/ with the date)"));
  } else if (*m->cur_s) {
    set_note(x, m->r, m->c_cur, "%s", kept_value(x, m->frac_c, &m->cv));
  }
}

/* One measure from row r (the k-th of the objective, after the ids in ids);
 * false when the row has no measure cell. */
static bool build_measure(Ctx *x, const IObj *o, int r, int k, const char **ids, Buf *fm)
{
  if (!has_measure_cell(x->t, &x->t->rows[r]))
    return false;
  Meas m;
  meas_cells(x, r, &m);
  meas_id(x, &m, k, ids);
  meas_values(x, &m);
  meas_scale(&m);
  meas_direction(x, &m);
  meas_dates(x, &m);
  write_meas_head(x, &m, fm);
  write_meas_baseline(x, &m, fm);
  write_meas_target(x, &m, fm);
  meas_progress(x, o, &m);
  return true;
}

/* What an objective's rows give its front matter. */
typedef struct {
  const char *title, *owner, *function, *resources, *evaluation;  // NULL when none
  Level level;
  Date due, rlast, rnext;
  const char **lists[3];  // policy, requirements, risks
  int nlist[3];
  Buf plan;               // the actions, as front matter
  int n_actions;
} ObjFields;

static const Field list_f[3] = {F_POLICY, F_REQS, F_RISKS};
static const char *const list_key[3] = {NC_("imported cell", "policy"), NC_("imported cell", "requirements"),
                                        NC_("imported cell", "risks")};  // the keys, and their notes (in the language)

/* The objective's id cells: the id, or kept as written when it is not usable. */
static void note_ids(Ctx *x, const IObj *o)
{
  const Table *t = x->t;
  int cid = col_of(t, F_ID);
  for (int i = 0; cid >= 0 && i < o->n_rows; i++)
    if (*trim(x->a, cell(&t->rows[o->rows[i]], cid)))
      set_note(x, o->rows[i], cid,
               strcmp(o->id, o->reg_id) == 0 ? trc(x->lang, "imported cell", "id")
                                             : tr(x->lang, "kept as written: not a usable id; the objective is %s"),
               o->id);
}

/* The objective-level texts, each from the first row that has it. */
static void obj_texts(Ctx *x, const IObj *o, ObjFields *v)
{
  v->title = first_text(x, o, F_TITLE, trc(x->lang, "imported cell", "title"));
  if (v->title && utf8_len(v->title) > 300) {
    set_note(x, o->rows[0], col_of(x->t, F_TITLE), "%s",
             tr(x->lang, "kept as written: longer than a title may be (300 characters)"));
    v->title = NULL;
  }
  v->owner = first_text(x, o, F_OWNER, trc(x->lang, "imported cell", "owner"));
  v->function = first_text(x, o, F_FUNCTION, trc(x->lang, "imported cell", "function"));
  v->resources = first_text(x, o, F_RESOURCES, trc(x->lang, "imported cell", "resources"));
  v->evaluation = first_text(x, o, F_EVALUATION, trc(x->lang, "imported cell", "evaluation"));
}

/* The level and the dates (due, last and next review) of row r. */
static void obj_level_dates(Ctx *x, int r, ObjFields *v)
{
  const IRow *row = &x->t->rows[r];
  int c;
  const char *s;
  if ((c = col_of(x->t, F_LEVEL)) >= 0 && *(s = trim(x->a, cell(row, c)))) {
    int lv = enum_lookup(level_names, level_vals, s);
    if (lv && (!v->level || (int)v->level == lv)) {
      v->level = lv;
      set_note(x, r, c, tr(x->lang, "level %s"), level_name(lv));
    } else {
      set_note(x, r, c, "%s", kept(x));
    }
  }
  static const Field date_f[3] = {F_DUE, F_REVIEW_LAST, F_REVIEW_NEXT};
  Date *date_v[3] = {&v->due, &v->rlast, &v->rnext};
  static const char *const date_label[3] = {NC_("imported cell", "due date"), NC_("imported cell", "last review"),
                                            NC_("imported cell", "next review")};
  for (int k = 0; k < 3; k++) {
    if ((c = col_of(x->t, date_f[k])) < 0 || !*(s = trim(x->a, cell(row, c))))
      continue;
    Date d;
    if (import_date_parse(s, &d) && (*date_v[k] == DATE_NONE || *date_v[k] == d)) {
      *date_v[k] = d;
      set_note(x, r, c, "%s", trc(x->lang, "imported cell", date_label[k]));
    } else {
      set_note(x, r, c, "%s", kept(x));
    }
  }
}

/* The policy, requirement and risk ids of row r, each once. */
static void obj_lists(Ctx *x, int r, ObjFields *v)
{
  const IRow *row = &x->t->rows[r];
  for (int k = 0; k < 3; k++) {
    const char **ids, *s;
    int n, c;
    if ((c = col_of(x->t, list_f[k])) < 0 || !*(s = trim(x->a, cell(row, c))))
      continue;
    if (!id_list(x->a, s, &ids, &n)) {
      set_note(x, r, c, tr(x->lang, "kept as written: not a list of ids (write them as in %s)"),
               k == 0 ? tr(x->lang, "policy.md, e.g. POL-1") : k == 1 ? "requirements.csv" : "risks.csv");
      continue;
    }
    set_note(x, r, c, "%s", trc(x->lang, "imported cell", list_key[k]));
    v->lists[k] = xrealloc(v->lists[k], (size_t)(v->nlist[k] + n) * sizeof *v->lists[k]);
    for (int j = 0; j < n; j++) {
      bool dup = false;
      for (int q = 0; q < v->nlist[k]; q++)
        dup |= strcmp(v->lists[k][q], ids[j]) == 0;
      if (!dup)
        v->lists[k][v->nlist[k]++] = ids[j];
    }
  }
}

/* The actions of row r (one per line of its action cell); its status cell, noted. */
static void obj_actions(Ctx *x, int r, ObjFields *v)
{
  const IRow *row = &x->t->rows[r];
  int c;
  const char *s;
  if ((c = col_of(x->t, F_ACTION)) >= 0 && *(s = trim(x->a, cell(row, c)))) {
    int first = v->n_actions + 1;
    char *copy = arena_strdup(x->a, s);
    for (char *line = strtok(copy, "\r\n"); line; line = strtok(NULL, "\r\n")) {
      const char *l = trim(x->a, line);
      if (!*l)
        continue;
      buf_printf(&v->plan, "  - id: A%d\n    action: ", ++v->n_actions);
      yq(&v->plan, l);
      buf_puts(&v->plan, "\n    owner:\n    due:\n    resources:\n");
    }
    set_note(x, r, c, v->n_actions > first ? tr(x->lang, "actions A%d to A%d") : tr(x->lang, "action A%d"), first,
             v->n_actions);
  }
  if ((c = col_of(x->t, F_STATUS)) >= 0 && *cell(row, c))
    set_note(x, r, c, "%s",
             tr(x->lang, "kept as written: an imported objective starts as a draft; set its status when it is approved"));
}

/* A text field of the front matter: "key: "text"" (empty when NULL), no newline. */
static void fm_text(Buf *fm, const char *key, const char *text)
{
  buf_printf(fm, "%s: ", key);
  if (text)
    yq(fm, text);
}

/* The front matter down to the reference lists. */
static void write_obj_head(Ctx *x, const IObj *o, const ObjFields *v, Buf *fm)
{
  const Table *t = x->t;
  Buf rows;  // the register's rows or lines: "2, 3"
  buf_init(&rows);
  for (int i = 0; i < o->n_rows; i++)
    buf_printf(&rows, "%s%d", i ? ", " : "", t->rows[o->rows[i]].row);
  buf_puts(fm, "---\n");
  if (t->xlsx)
    buf_printf(fm, tr(x->lang, "# Imported by objreg import from %s, sheet '%s', row %s."), t->name, t->sheet, rows.s);
  else
    buf_printf(fm, tr(x->lang, "# Imported by objreg import from %s, line %s."), t->name, rows.s);
  buf_release(&rows);
  buf_printf(fm, "\n%s\n", tr(x->lang, "# A draft: complete it (objreg check lists what is missing), then set status: active."));
  buf_printf(fm, "id: %s\n", o->id);
  fm_text(fm, "title", v->title);
  buf_puts(fm, "\nstatus: draft\n");
  if (v->level)
    buf_printf(fm, "level: %s\n", level_name(v->level));
  else
    buf_puts(fm, "level:                  # organisation | function | process | system | location\n");
  fm_text(fm, "function", v->function);
  buf_putc(fm, '\n');
  fm_text(fm, "owner", v->owner);
  buf_putc(fm, '\n');
  for (int k = 0; k < 3; k++) {
    buf_printf(fm, "%s: [", list_key[k]);
    for (int j = 0; j < v->nlist[k]; j++)
      buf_printf(fm, "%s%s", j ? ", " : "", v->lists[k][j]);
    buf_puts(fm, "]\n");
  }
}

/* The measures (one per row with a measure cell), the plan and the rest of the front matter. */
static void write_obj_tail(Ctx *x, const IObj *o, const ObjFields *v, Buf *fm)
{
  Buf ms;
  buf_init(&ms);
  const char **mids = arena_alloc(x->a, (size_t)o->n_rows * sizeof *mids);
  int n_measures = 0;
  for (int i = 0; i < o->n_rows; i++)
    if (build_measure(x, o, o->rows[i], n_measures, mids, &ms))
      n_measures++;
  if (n_measures)
    buf_printf(fm, "measures:\n%s", ms.s);
  else
    buf_puts(fm, "measures: []\n");
  buf_release(&ms);
  if (v->n_actions)
    buf_printf(fm, "plan:\n%s", v->plan.s);
  else
    buf_puts(fm, "plan: []\n");
  fm_text(fm, "resources", v->resources);
  buf_puts(fm, "\ndue: ");
  if (v->due != DATE_NONE)
    buf_puts(fm, date_str(x->a, v->due));
  buf_putc(fm, '\n');
  fm_text(fm, "evaluation", v->evaluation);
  buf_puts(fm, "\ncommunicated: []\n");
  buf_printf(fm, "review: {frequency: , last: %s, next: %s}\n", v->rlast != DATE_NONE ? date_str(x->a, v->rlast) : "",
             v->rnext != DATE_NONE ? date_str(x->a, v->rnext) : "");
  buf_puts(fm, "version: \"0.1\"\napproved_by:\napproved_on:\n---\n");
}

/* The body: the statement, then every cell of the objective's rows, with how it was read. */
static void write_obj_body(Ctx *x, const IObj *o, const char *title, const char *as_written_id, Buf *body)
{
  const Table *t = x->t;
  Language lang = x->lang;
  buf_printf(body, "## %s\n\n", trc(lang, "objective body", "Statement"));
  if (title)
    md_text(body, title, "");
  else
    buf_puts(body, tr(lang, "State the result this objective achieves."));
  buf_printf(body, "\n\n## %s\n\n", tr(lang, "From the imported register"));
  if (t->xlsx)
    buf_printf(body,
               trn(lang, "Every cell of the row %s in %s (sheet '%s'), with its column, its cell and how objreg read it:",
                   "Every cell of the rows %s in %s (sheet '%s'), with its column, its cell and how objreg read it:",
                   o->n_rows),
               as_written_id, t->name, t->sheet);
  else
    buf_printf(body,
               trn(lang, "Every cell of the row %s in %s, with its column, its line and field and how objreg read it:",
                   "Every cell of the rows %s in %s, with its column, its line and field and how objreg read it:",
                   o->n_rows),
               as_written_id, t->name);
  buf_puts(body, "\n\n");
  for (int i = 0; i < o->n_rows; i++) {
    int r = o->rows[i];
    const IRow *row = &t->rows[r];
    for (int c = 0; c < row->n; c++) {
      if (!*row->f[c])
        continue;
      buf_puts(body, "- ");
      if (*t->header[c])
        md_text(body, t->header[c], "  ");
      else
        buf_printf(body, tr(lang, "Column %d"), col_no(t, c));
      buf_printf(body, trc(lang, "imported cell: header, position and text", " (%s): "), where(x->t, lang, row->row, c));
      md_text(body, row->f[c], "  ");
      const char *how = NOTE(x, r, c);
      if (how) {
        buf_puts(body, " — ");
        md_text(body, how, "  ");
      }
      buf_putc(body, '\n');
    }
  }
}

/* The objective file's text. */
static char *build_objective(Ctx *x, IObj *o, const char *as_written_id)
{
  ObjFields v = {.level = LV_NONE, .due = DATE_NONE, .rlast = DATE_NONE, .rnext = DATE_NONE};
  buf_init(&v.plan);
  note_ids(x, o);
  obj_texts(x, o, &v);
  for (int i = 0; i < o->n_rows; i++) {
    obj_level_dates(x, o->rows[i], &v);
    obj_lists(x, o->rows[i], &v);
    obj_actions(x, o->rows[i], &v);
  }
  Buf fm, body;
  buf_init(&fm);
  buf_init(&body);
  write_obj_head(x, o, &v, &fm);
  write_obj_tail(x, o, &v, &fm);
  write_obj_body(x, o, v.title, as_written_id, &body);
  buf_add(&fm, body.s, body.len);
  buf_release(&body);
  buf_release(&v.plan);
  for (int k = 0; k < 3; k++)
    free(v.lists[k]);
  return fm.s;
}

//
// The command
//

/* The header of a CSV register: of the first ten rows, the one with the most
 * header names objreg knows; the rows above it are noted and dropped. */
static void csv_header(Table *t)
{
  int hr = 0, best = 0;
  for (int i = 0; i < t->n_rows && i < 10; i++) {
    int k = known_headers(t, t->rows[i].f, t->rows[i].n);
    if (k > best)
      best = k, hr = i;
  }
  for (int i = 0; i < hr; i++)
    for (int c = 0; c < t->rows[i].n; c++)
      if (*t->rows[i].f[c])
        note_above(t, t->rows[i].row, c + 1, t->rows[i].f[c]);
  memmove(t->rows, t->rows + hr, (size_t)(t->n_rows - hr) * sizeof *t->rows);
  t->n_rows -= hr;
  t->header = t->rows[0].f;
  if (t->rows[0].n < t->n_cols) {  // the header shorter than a row: name the extra columns ""
    const char **h = arena_alloc(&t->a, (size_t)t->n_cols * sizeof *h);
    for (int c = 0; c < t->n_cols; c++)
      h[c] = cell(&t->rows[0], c);
    t->header = h;
  }
}

/* The register's rows from the file's bytes (data: len bytes, taken over):
 * a workbook's sheet, or a CSV in encoding enc; 0, or 2 after a message. */
static int read_register(Table *t, char *data, size_t len, const char *sheet, CsvEncoding enc)
{
  t->xlsx = len >= 4 && (memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0);
  if (sheet && !t->xlsx) {
    fprintf(stderr, "objreg: error: --sheet applies to an XLSX file; '%s' is read as CSV\n", t->path);
    free(data);
    return 2;
  }
  if (t->xlsx) {
    int r = read_xlsx(t, data, len, sheet);
    free(data);
    if (r)
      return r;
  } else if (read_csv(t, data, len, enc) != 0) {
    return 2;  // read_csv took data over
  }
  if (t->n_rows < 2) {
    fprintf(stderr, "objreg: error: '%s' has %s; nothing to import\n", t->path,
            t->n_rows ? "a header row and no rows below it" : "no rows");
    return 2;
  }
  if (!t->xlsx)
    csv_header(t);
  return t->xlsx || grid_fits(t, t->n_rows, 0) ? 0 : 2;
}

/* Whether a column reads as the objective's id or title; else a message naming the headers. */
static bool has_id_or_title(const Table *t)
{
  if (col_of(t, F_TITLE) >= 0 || col_of(t, F_ID) >= 0)
    return true;
  fprintf(stderr, "objreg: error: '%s': no column reads as the objective's id or title (headers: ", t->path);
  for (int c = 0; c < t->n_cols; c++)
    fprintf(stderr, "%s'%s'", c ? ", " : "", t->header[c]);
  fprintf(stderr, "); name them with --map 'COLUMN=title'\n");
  return false;
}

static int merge_r1_cmp(const void *a, const void *b)
{
  const XlsxMerge *x = a, *y = b;
  return x->r1 != y->r1 ? (x->r1 > y->r1) - (x->r1 < y->r1) : (x->c1 > y->c1) - (x->c1 < y->c1);
}

/* The first data row at or below sheet row r. */
static int row_at(const Table *t, int r)
{
  int lo = 1, hi = t->n_rows;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (t->rows[mid].row < r)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* An id or title merged down over the rows of its measures: spread it (a range
 * that overlaps an earlier one in its column, which Excel never writes, is
 * left out, so that each row is visited once). */
static void spread_merges(Table *t)
{
  int cols[2] = {col_of(t, F_ID), col_of(t, F_TITLE)}, last[2] = {0, 0};
  if (t->n_merges)  // t->merges is NULL for a CSV
    qsort(t->merges, (size_t)t->n_merges, sizeof *t->merges, merge_r1_cmp);
  for (int m = 0; m < t->n_merges; m++) {
    const XlsxMerge *g = &t->merges[m];
    int c = col_index(t, g->c1), k = c < 0 ? -1 : c == cols[0] ? 0 : c == cols[1] ? 1 : -1;
    if (k < 0 || g->r1 <= last[k])
      continue;
    last[k] = g->r2;
    int i = row_at(t, g->r1);
    if (i >= t->n_rows || t->rows[i].row != g->r1)
      continue;
    const char *v = cell(&t->rows[i], c);
    for (i++; i < t->n_rows && t->rows[i].row <= g->r2; i++)
      if (!*cell(&t->rows[i], c) && c < t->rows[i].n)
        t->rows[i].f[c] = v;
  }
}

/* Ids: the register's, else IMP-001, ... not used in the pack or the register. */
static void assign_ids(Table *t, IObj *objs, int n_objs, const Pack *pack)
{
  int next_imp = 1;
  Map reg_ids;
  map_init(&reg_ids);
  for (int i = 0; i < n_objs; i++)
    if (*objs[i].reg_id)
      map_put(&reg_ids, objs[i].reg_id, &objs[i]);
  for (int i = 0; i < n_objs; i++) {
    IObj *o = &objs[i];
    if (*o->reg_id && valid_id(o->reg_id, pack->limits.id_length)) {
      o->id = o->reg_id;
      continue;
    }
    for (;; next_imp++) {
      const char *cand = arena_printf(&t->a, "IMP-%03d", next_imp);
      bool used = map_get(&pack->obj_by_id, cand) || map_get(&reg_ids, cand);
      if (!used) {
        o->id = cand;
        next_imp++;
        break;
      }
    }
  }
  map_release(&reg_ids);
}

/* Whether none of the objectives exists already (in the pack, or as a file); else a message. */
static bool none_exists(Table *t, const IObj *objs, int n_objs, const Pack *pack, const char *pack_dir)
{
  for (int i = 0; i < n_objs; i++) {
    const Objective *dup = map_get(&pack->obj_by_id, objs[i].id);
    char *path = arena_printf(&t->a, "%s/objectives/%s.md", pack_dir, objs[i].id);
    struct stat st;
    if (dup) {
      fprintf(stderr, "objreg: error: objective '%s' already exists in '%s'; nothing imported\n", objs[i].id, dup->file);
      return false;
    }
    if (lstat(path, &st) == 0) {
      fprintf(stderr, "objreg: error: 'objectives/%s.md' already exists; nothing imported (import never overwrites a file)\n",
              objs[i].id);
      return false;
    }
  }
  return true;
}

/* Write the objectives' texts and the progress rows into the pack, never over
 * a file; on a failure, what was written is removed.  The progress file's
 * path (NULL when there are no rows), or "" after a failure. */
static const char *write_pack(Ctx *x, const IObj *objs, int n_objs, char **texts, const char *pack_dir)
{
  Table *t = x->t;
  const char *dirs[] = {"objectives", "progress"};
  for (int k = 0; k < 2; k++) {
    char *p = arena_printf(&t->a, "%s/%s", pack_dir, dirs[k]);
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "objreg: error: cannot create '%s': %s\n", dirs[k], strerror(errno));
      return "";
    }
  }
  char **written = xcalloc((size_t)n_objs + 1, sizeof *written);
  int n_written = 0;
  const char *prog_rel = NULL;
  bool ok = true;
  for (int i = 0; i < n_objs && ok; i++) {
    char *rel = arena_printf(&t->a, "objectives/%s.md", objs[i].id);
    char *path = arena_printf(&t->a, "%s/%s", pack_dir, rel);
    if ((ok = write_new_file(path, rel, texts[i])))
      written[n_written++] = path;
  }
  if (ok && x->n_progress) {
    for (int n = 1; n < 1000 && !prog_rel; n++) {
      const char *rel = n == 1 ? "progress/imported.csv" : arena_printf(&t->a, "progress/imported-%d.csv", n);
      struct stat st;
      if (lstat(arena_printf(&t->a, "%s/%s", pack_dir, rel), &st) != 0)
        prog_rel = rel;
    }
    ok = prog_rel && write_new_file(arena_printf(&t->a, "%s/%s", pack_dir, prog_rel), prog_rel, x->csv.s);
  }
  if (!ok)
    for (int i = 0; i < n_written; i++)
      unlink(written[i]);
  free(written);
  return ok ? prog_rel : "";
}

/* What import did, on stderr. */
static void print_summary(const Ctx *x, int n_objs, const char *prog_rel, const char *pack_dir)
{
  const Table *t = x->t;
  fprintf(stderr, "objreg: imported %d objective%s from '%s'%s%s%s into '%s/objectives' (drafts)", n_objs,
          n_objs == 1 ? "" : "s", t->name, t->xlsx ? " (sheet '" : "", t->xlsx ? t->sheet : "", t->xlsx ? "')" : "",
          pack_dir);
  if (x->n_progress)
    fprintf(stderr, ", and %d current value%s into '%s'", x->n_progress, x->n_progress == 1 ? "" : "s", prog_rel);
  fputs("\n", stderr);
  if (x->n_undated)
    fprintf(stderr, "objreg: %d current value%s without a date %s kept in the objectives' bodies only\n", x->n_undated,
            x->n_undated == 1 ? "" : "s", x->n_undated == 1 ? "is" : "are");
  fprintf(stderr, "objreg: the check of '%s' follows: what clause 6.2 still needs\n", pack_dir);
}

/* Build each objective's text and its progress rows, then write them all; 0 or 2. */
static int import_objectives(Ctx *x, IObj *objs, int n_objs, const char *pack_dir, bool quiet)
{
  Table *t = x->t;
  x->note = arena_alloc(&t->a, (size_t)t->n_rows * (size_t)(t->n_cols ? t->n_cols : 1) * sizeof *x->note);
  // UTF-8 with a BOM, whatever csv.encoding says of files without one; the
  // decimal mark the pack's csv: settings read (a ',' one in ';' files), so
  // that 60.125 is never read back as 60125 where '.' groups thousands.
  buf_printf(&x->csv, "\xEF\xBB\xBFobjective%cmeasure%cdate%cvalue%cnote%cevidence\n", x->delim, x->delim, x->delim,
             x->delim, x->delim);
  char **texts = xcalloc((size_t)n_objs, sizeof *texts);
  for (int i = 0; i < n_objs; i++) {
    const char *as_written = *objs[i].reg_id ? arena_printf(&t->a, tr(x->lang, "of '%s'"), objs[i].reg_id) : "";
    texts[i] = build_objective(x, &objs[i], as_written);
  }
  const char *prog_rel = write_pack(x, objs, n_objs, texts, pack_dir);
  bool ok = !prog_rel || *prog_rel;
  if (ok && !quiet)
    print_summary(x, n_objs, prog_rel, pack_dir);
  for (int i = 0; i < n_objs; i++)
    free(texts[i]);
  free(texts);
  return ok ? 0 : 2;
}

int import_register(const char *file, const char *pack_dir, const char *sheet, const char *encoding,
                    const char *const *maps, int n_maps, bool quiet, bool color)
{
  (void)color;
  Table t = {.path = file, .name = path_base(file)};
  arena_init(&t.a);
  size_t len = 0;
  char *data = slurp(file, 16L << 20, &len);
  int rc = 2;
  Pack pack;
  bool pack_loaded = false;
  IObj *objs = NULL;
  int n_objs = 0;
  Ctx x = {.t = &t, .a = &t.a};
  buf_init(&x.csv);
  if (!data)
    goto out;
  pack_loaded = true;  // pack_load initialises it even when it fails
  if (pack_load(&pack, pack_dir, DATE_NONE, false, 1) != 0) {
    free(data);
    goto out;
  }
  CsvEncoding enc = encoding ? (CsvEncoding)csv_encoding_parse(encoding) : pack.csv.encoding;
  if (read_register(&t, data, len, sheet, enc) != 0 || map_columns(&t, maps, n_maps) != 0 || !has_id_or_title(&t))
    goto out;
  spread_merges(&t);
  objs = group_rows(&t, &n_objs);
  if (n_objs == 0) {
    fprintf(stderr, "objreg: error: '%s' has no row with a value below its header; nothing to import\n", file);
    goto out;
  }
  assign_ids(&t, objs, n_objs, &pack);
  x.lang = pack.language;  // what import writes for people, it writes in the pack's language
  x.dec = pack.csv.decimal == ',' || (!pack.csv.decimal && pack.csv.thousands == '.') ? ',' : '.';
  x.delim = x.dec == ',' ? ';' : ',';
  x.pad = !pack.csv.decimal && !pack.csv.thousands;
  if (none_exists(&t, objs, n_objs, &pack, pack_dir))  // nothing is written when an objective exists already
    rc = import_objectives(&x, objs, n_objs, pack_dir, quiet);
out:
  for (int i = 0; i < n_objs; i++)
    free(objs[i].rows);
  free(objs);
  free(t.rows);
  free(t.merges);
  buf_release(&x.csv);
  if (pack_loaded)
    pack_free(&pack);
  arena_release(&t.a);
  return rc;
}
