/*
 * progress_xlsx.c - progress/ workbooks (progress/ at any depth, *.xlsx): the first sheet,
 * header in row 1, the same columns and the same rules as a progress CSV
 * (SPEC section 14).
 *
 * The sheet is read by xlsx_read.c and written out as the CSV the progress
 * reader reads, one line per sheet row with a value, with only the columns
 * the reader reads (the first header cell of each of its names) and a row's
 * first cell right of the header (which the reader refuses as an extra
 * field): so the text grows with the cells, never with how far right or down
 * they are (a cell in XFD1048576 costs one field, not a million lines).
 * Number, percent, date and boolean cells unquoted (numbers with '.' as their
 * decimal mark, dates YYYY-MM-DD), exact whatever csv: says; every other cell
 * quoted, as the text its author typed, which is read as in a ';' file under
 * the pack's csv: keys (a text "1.420" is ambiguous, never 1.42).  So
 * a workbook's rows go through exactly the checks of a CSV row.  What the
 * reader then reports, and the rows it keeps, get the positions of the sheet:
 * line = the sheet row, column = the sheet column (A = 1), through a table of
 * where each cell went in the text.  The reader gives a field of a sheet's
 * row as column -(field + 1), so that an empty cell has its place too, and
 * the row itself as column 0 (then column 1, as in a CSV); each message
 * then names the sheet and the cell (or the row), as xlsx_read.c's do.
 */
#include "objreg.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  int line, ccol;  // where a cell's text starts in the CSV text
  int row, col;    // the cell
  int rec, field;  // the line where its row starts, and its field (-1: the row's own spot)
  XlsxKind kind;   // the cell's (the row's own spot: XV_TEXT)
} Spot;

/* The columns of the CSV text's fields, of the spots' rows. */
typedef struct {
  const Spot *v;
  int n;
  const int *cols;
  int n_cols;
} Spots;

/* The kind of the cell at field `field` of the row that starts at line `line` of the CSV text. */
static XlsxKind spot_kind(const void *ctx, int line, int field)
{
  const Spots *sp = ctx;
  int lo = 0, hi = sp->n;
  while (lo < hi) {  // the row's own spot: the first of its record
    int mid = lo + (hi - lo) / 2;
    if (sp->v[mid].rec < line)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (int i = lo; i < sp->n && sp->v[i].rec == line; i++)
    if (sp->v[i].field == field)
      return sp->v[i].kind;
  return XV_TEXT;
}

/* A row's field k (-1: the row itself), the reader's column -(k + 1) or 0. */
static Pos field_cell(const Spots *sp, Pos p)
{
  int k = -p.col - 1, lo = 0, hi = sp->n;
  while (lo < hi) {  // the row's own spot: the first of its record
    int mid = lo + (hi - lo) / 2;
    if (sp->v[mid].rec < p.line)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == sp->n || sp->v[lo].rec != p.line)
    return p;  // not a line where a row starts (cannot happen)
  p.line = sp->v[lo].row;
  p.col = 1;
  if (k >= 0 && k < sp->n_cols)
    p.col = sp->cols[k];
  for (int i = lo; k >= sp->n_cols && i < sp->n && sp->v[i].rec == sp->v[lo].rec; i++)
    if (sp->v[i].field == k)
      p.col = sp->v[i].col;  // the first cell right of the header
  return p;
}

static Pos sheet_pos(const Spots *sp, Pos p)
{
  const Spot *v = sp->v;
  int n = sp->n;
  if (p.line <= 0)
    return p;
  if (p.col <= 0)
    return field_cell(sp, p);
  // The last cell that starts at or before (line, column).
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (v[mid].line < p.line || (v[mid].line == p.line && v[mid].ccol <= (p.col > 0 ? p.col : 1)))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return p;
  const Spot *s = &v[lo - 1];
  p.line = s->row;
  p.col = p.col > 1 ? s->col : p.col;  // column 1 stays the whole row
  return p;
}

/* The columns of the CSV text: of the header row (the sheet's first row with a
 * value), the first two cells of each name the progress reader reads, in sheet
 * order (the others it would ignore; a second one it refuses); n of them.  So
 * the text of a row is at most two fields per name plus one extra field,
 * whatever column its cells are in. */
static int kept_columns(const XlsxSheet *s, int *cols)
{
  int n = 0;
  for (int i = 0; i < s->n_cells && s->cells[i].row == s->cells[0].row; i++) {
    if (!progress_column(s->cells[i].text))
      continue;
    int seen = 0;
    for (int k = 0; k < n; k++)
      seen += str_ieq(xlsx_cell(s, s->cells[0].row, cols[k]), s->cells[i].text);
    if (seen < 2 && n < 2 * PROGRESS_COLUMNS)
      cols[n++] = s->cells[i].col;
  }
  if (n == 0 && s->n_cells)
    cols[n++] = s->cells[0].col;  // a header without a known name: the reader says so at its row
  return n;
}

/* A cell's text as a CSV field (number, percent, date and boolean cells
 * unquoted), with the line and column counted on. */
static void put_cell(Buf *b, const XlsxCell *cell, int *line, int *ccol)
{
  XlsxKind k = cell->kind;
  bool quote = k != XV_NUMBER && k != XV_PERCENT && k != XV_DATE && k != XV_BOOL;
  if (quote)
    buf_putc(b, '"'), (*ccol)++;
  for (const char *p = cell->text; *p; p++) {
    if (*p == '"')
      buf_putc(b, '"'), (*ccol)++;
    buf_putc(b, *p);
    if (*p == '\n')
      (*line)++, *ccol = 1;
    else if (((unsigned char)*p & 0xC0) != 0x80)
      (*ccol)++;
  }
  if (quote)
    buf_putc(b, '"'), (*ccol)++;
}

/* The first refused cell (XV_REFUSED) among cells i.. of row that the CSV
 * text would hold (see sheet_text), or -1. */
static int refused_in_row(const XlsxSheet *s, int i, int row, const int *cols, int n_cols, int last, bool header)
{
  for (int k = 0; i < s->n_cells && s->cells[i].row == row; i++) {
    const XlsxCell *cell = &s->cells[i];
    while (k < n_cols && cols[k] < cell->col)
      k++;
    bool read = header || cell->col > last || (k < n_cols && cols[k] == cell->col);
    if (read && cell->kind == XV_REFUSED)
      return i;
    if (cell->col > last)
      return -1;  // the first extra field: the reader reads no further
  }
  return -1;
}

/* The CSV text of the sheet: one line per row with a value: its cells in the kept
 * columns, then its first cell right of the header (an extra field, which the
 * reader refuses); where each row and cell went, in spots; the kept columns in cols.
 * A data row with a refused cell that would be read is left out, the cell
 * in refused; so is a refused cell of the header (the row kept). */
static void sheet_text(const XlsxSheet *s, Buf *b, Spot *spots, int *n_spots, int *cols, int *n_kept,
                       int *refused, int *n_refused)
{
  int n_cols = 0, last = 0, line = 1;
  if (s->n_cells) {
    n_cols = kept_columns(s, cols);
    for (int i = 0; i < s->n_cells && s->cells[i].row == s->cells[0].row; i++)
      last = s->cells[i].col;  // the header's last column
  }
  *n_spots = 0;
  *n_kept = n_cols;
  *n_refused = 0;
  for (int i = 0; i < s->n_cells;) {
    int row = s->cells[i].row, ccol = 1, field = 0, k = 0, rec = line;
    bool extra = false, header = row == s->cells[0].row;
    for (int r = refused_in_row(s, i, row, cols, n_cols, last, header); r >= 0;
         r = header ? refused_in_row(s, r + 1, row, cols, n_cols, last, header) : -1)
      refused[(*n_refused)++] = r;
    if (*n_refused && !header && refused[*n_refused - 1] >= i) {
      while (i < s->n_cells && s->cells[i].row == row)
        i++;
      continue;
    }
    spots[(*n_spots)++] = (Spot){line, 0, row, 1, rec, -1, XV_TEXT};
    for (; i < s->n_cells && s->cells[i].row == row; i++) {
      const XlsxCell *cell = &s->cells[i];
      while (k < n_cols && cols[k] < cell->col)
        k++;
      int to = cell->col > last ? n_cols : k < n_cols && cols[k] == cell->col ? k : -1;
      if (to < 0 || extra || cell->kind == XV_REFUSED)
        continue;  // a column the progress reader does not read, or after the first extra field
      extra = to == n_cols;
      for (; field < to; field++, ccol++)
        buf_putc(b, ',');
      spots[(*n_spots)++] = (Spot){line, ccol, row, cell->col, rec, field, cell->kind};
      put_cell(b, cell, &line, &ccol);
    }
    buf_putc(b, '\n');
    line++;
  }
}

/* A date cell under the header `date` whose format shows no day ("Dec 2026",
 * "2026"): the row's date is a day the sheet does not show (the cell holds
 * the 1st), so the cell is refused. */
static void month_dates(XlsxSheet *s)
{
  int head = s->n_cells ? s->cells[0].row : 0;
  for (int i = 0; i < s->n_cells; i++) {
    XlsxCell *c = &s->cells[i];
    const char *name = c->kind == XV_DATE && c->span && c->row != head ? xlsx_cell(s, head, c->col) : NULL;
    if (!name || !csv_name_is(name, "date"))
      continue;
    c->kind = XV_REFUSED;
    c->text = arena_printf(&s->arena, "the cell holds the date %.10s, but its number format shows only the %s (%.*s), "
                           "not the day: format the cell as a date with its day, or enter the day of the measurement",
                           c->text, c->span == 'm' ? "month" : "year", c->span == 'm' ? 7 : 4, c->text);
  }
}

void progress_read_xlsx(Pack *pack, const SrcFile *f)
{
  XlsxSheet s;
  if (xlsx_read(f->data, f->len, NULL, NULL, &s) != 0) {
    diag_add(pack, (Pos){f->path, s.err_row, s.err_col},
             s.err_limit ? RULE_E_LIMIT : s.err_text ? RULE_E_UTF8 : RULE_E_IO, NULL, "%s; file not used", s.err);
    pack->progress_unused++;
    xlsx_free(&s);
    return;
  }
  month_dates(&s);
  Buf b;
  buf_init(&b);
  Spot *spots = xmalloc((2 * (size_t)s.n_cells + 1) * sizeof *spots);  // a row's own spot and its cells'
  int n_spots, cols[2 * PROGRESS_COLUMNS], n_cols, n_refused;
  int *refused = xmalloc(((size_t)s.n_cells + 1) * sizeof *refused);
  sheet_text(&s, &b, spots, &n_spots, cols, &n_cols, refused, &n_refused);
  Spots sp = {spots, n_spots, cols, n_cols};
  SrcFile csv = *f;
  csv.data = b.s ? b.s : "";
  csv.len = b.len;
  int first = pack->diags.len;
  long m0 = pack->n_mrows, a0 = pack->n_arows, d0 = pack->n_drows;
  progress_read_sheet(pack, &csv, spot_kind, &sp);
  for (int i = first; i < pack->diags.len; i++) {
    Diag *d = &pack->diags.v[i];
    if (d->pos.file != f->path && strcmp(d->pos.file, f->path) != 0)
      continue;
    bool row = d->pos.line > 0 && d->pos.col == 0;
    d->pos = sheet_pos(&sp, d->pos);
    char where[96];
    xlsx_where(s.sheet, d->pos.line, row ? 0 : d->pos.col, where, sizeof where);
    d->msg = arena_printf(&pack->arena, "%s: %s", where, d->msg);
  }
  for (int i = 0; i < n_refused; i++) {  // a cell whose value the sheet does not show: its row not used
    const XlsxCell *cell = &s.cells[refused[i]];
    char where[96];
    xlsx_where(s.sheet, cell->row, cell->col, where, sizeof where);
    diag_add(pack, (Pos){f->path, cell->row, cell->col}, RULE_P_VALUE, NULL, "%s: %s; %s", where, cell->text,
             cell->row == s.cells[0].row ? "the header reads the cell as empty" : "the row is not used");
  }
  free(refused);
  for (long i = m0; i < pack->n_mrows; i++) {
    pack->mrows[i].pos = sheet_pos(&sp, pack->mrows[i].pos);
    pack->mrows[i].evidence_pos = sheet_pos(&sp, pack->mrows[i].evidence_pos);
  }
  for (long i = a0; i < pack->n_arows; i++) {
    pack->arows[i].pos = sheet_pos(&sp, pack->arows[i].pos);
    pack->arows[i].evidence_pos = sheet_pos(&sp, pack->arows[i].evidence_pos);
  }
  for (long i = d0; i < pack->n_drows; i++)
    pack->drows[i].pos = sheet_pos(&sp, pack->drows[i].pos);
  if (pack->n_sheets == pack->cap_sheets) {
    pack->cap_sheets = pack->cap_sheets ? 2 * pack->cap_sheets : 8;
    pack->sheets = xrealloc(pack->sheets, (size_t)pack->cap_sheets * sizeof *pack->sheets);
  }
  pack->sheets[pack->n_sheets++] = (SheetRead){f->path, arena_strdup(&pack->arena, s.sheet ? s.sheet : "")};
  free(spots);
  buf_release(&b);
  xlsx_free(&s);
}

void progress_sheet_names(Pack *pack)
{
  if (pack->n_sheets == 0)
    return;
  Map sheet_of;
  map_init(&sheet_of);
  for (long i = 0; i < pack->n_sheets; i++)
    map_put(&sheet_of, pack->sheets[i].path, (void *)pack->sheets[i].sheet);
  for (int i = 0; i < pack->diags.len; i++) {
    Diag *d = &pack->diags.v[i];
    const char *sheet = d->pos.file ? map_get(&sheet_of, d->pos.file) : NULL;
    if (!sheet || d->pos.line <= 0 || strncmp(d->msg, "sheet '", 7) == 0)
      continue;  // not a workbook's row or cell, or named already by the reader
    char where[96];
    // Column 1 is the row's own position (a whole-row finding), as in a CSV.
    xlsx_where(sheet, d->pos.line, d->pos.col > 1 ? d->pos.col : 0, where, sizeof where);
    d->msg = arena_printf(&pack->arena, "%s: %s", where, d->msg);
  }
  map_release(&sheet_of);
}
