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
 * where each cell went in the text.
 */
#include "objreg.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  int line, ccol;  // where a cell's text starts in the CSV text
  int row, col;    // the cell
} Spot;

static Pos sheet_pos(const Spot *v, int n, Pos p)
{
  if (p.line <= 0)
    return p;
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
 * value), the first cell of each name the progress reader reads, in sheet order
 * (the others it would ignore); n of them.  So the text of a row is at most one
 * field per name plus one extra field, whatever column its cells are in. */
static int kept_columns(const XlsxSheet *s, int *cols)
{
  int n = 0;
  for (int i = 0; i < s->n_cells && s->cells[i].row == s->cells[0].row; i++) {
    if (!progress_column(s->cells[i].text))
      continue;
    bool seen = false;
    for (int k = 0; k < n; k++)
      seen |= str_ieq(xlsx_cell(s, s->cells[0].row, cols[k]), s->cells[i].text);
    if (!seen && n < PROGRESS_COLUMNS)
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

/* The CSV text of the sheet: one line per row with a value: its cells in the kept
 * columns, then its first cell right of the header (an extra field, which the
 * reader refuses); where each cell went, in spots. */
static void sheet_text(const XlsxSheet *s, Buf *b, Spot *spots, int *n_spots)
{
  int cols[PROGRESS_COLUMNS], n_cols = 0, last = 0, line = 1;
  if (s->n_cells) {
    n_cols = kept_columns(s, cols);
    for (int i = 0; i < s->n_cells && s->cells[i].row == s->cells[0].row; i++)
      last = s->cells[i].col;  // the header's last column
  }
  *n_spots = 0;
  for (int i = 0; i < s->n_cells;) {
    int row = s->cells[i].row, ccol = 1, field = 0, k = 0;
    bool extra = false;
    for (; i < s->n_cells && s->cells[i].row == row; i++) {
      const XlsxCell *cell = &s->cells[i];
      while (k < n_cols && cols[k] < cell->col)
        k++;
      int to = cell->col > last ? n_cols : k < n_cols && cols[k] == cell->col ? k : -1;
      if (to < 0 || extra)
        continue;  // a column the progress reader does not read, or after the first extra field
      extra = to == n_cols;
      for (; field < to; field++, ccol++)
        buf_putc(b, ',');
      spots[(*n_spots)++] = (Spot){line, ccol, row, cell->col};
      put_cell(b, cell, &line, &ccol);
    }
    buf_putc(b, '\n');
    line++;
  }
}

void progress_read_xlsx(Pack *pack, const SrcFile *f)
{
  XlsxSheet s;
  if (xlsx_read(f->data, f->len, NULL, NULL, &s) != 0) {
    diag_add(pack, (Pos){f->path, s.err_row, s.err_col}, s.err_limit ? RULE_E_LIMIT : RULE_E_IO, NULL, "%s; file not used",
             s.err);
    xlsx_free(&s);
    return;
  }
  Buf b;
  buf_init(&b);
  Spot *spots = xmalloc(((size_t)s.n_cells + 1) * sizeof *spots);
  int n_spots;
  sheet_text(&s, &b, spots, &n_spots);
  SrcFile csv = *f;
  csv.data = b.s ? b.s : "";
  csv.len = b.len;
  int first = pack->diags.len;
  long m0 = pack->n_mrows, a0 = pack->n_arows, d0 = pack->n_drows;
  progress_read_sheet(pack, &csv);
  for (int i = first; i < pack->diags.len; i++)
    if (pack->diags.v[i].pos.file == f->path || strcmp(pack->diags.v[i].pos.file, f->path) == 0)
      pack->diags.v[i].pos = sheet_pos(spots, n_spots, pack->diags.v[i].pos);
  for (long i = m0; i < pack->n_mrows; i++)
    pack->mrows[i].pos = sheet_pos(spots, n_spots, pack->mrows[i].pos);
  for (long i = a0; i < pack->n_arows; i++)
    pack->arows[i].pos = sheet_pos(spots, n_spots, pack->arows[i].pos);
  for (long i = d0; i < pack->n_drows; i++)
    pack->drows[i].pos = sheet_pos(spots, n_spots, pack->drows[i].pos);
  free(spots);
  buf_release(&b);
  xlsx_free(&s);
}
