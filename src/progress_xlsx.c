/*
 * progress_xlsx.c - progress/ workbooks (progress/ at any depth, *.xlsx): the first sheet,
 * header in row 1, the same columns and the same rules as a progress CSV
 * (SPEC section 14).
 *
 * The sheet is read by xlsx_read.c and written out as the CSV the progress
 * reader reads, one line per sheet row (an empty line for an empty row):
 * number, percent, date and boolean cells unquoted (numbers with '.' as their
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
  int n_spots = 0, line = 1, row = 1;
  for (int i = 0; i < s.n_cells;) {
    for (; row < s.cells[i].row; row++, line++)
      buf_putc(&b, '\n');
    int ccol = 1, col = 1;
    for (; i < s.n_cells && s.cells[i].row == row; i++) {
      for (; col < s.cells[i].col; col++, ccol++)
        buf_putc(&b, ',');
      spots[n_spots++] = (Spot){line, ccol, row, col};
      XlsxKind k = s.cells[i].kind;
      bool quote = k != XV_NUMBER && k != XV_PERCENT && k != XV_DATE && k != XV_BOOL;
      if (quote)
        buf_putc(&b, '"'), ccol++;
      for (const char *p = s.cells[i].text; *p; p++) {
        if (*p == '"')
          buf_putc(&b, '"'), ccol++;
        buf_putc(&b, *p);
        if (*p == '\n')
          line++, ccol = 1;
        else if (((unsigned char)*p & 0xC0) != 0x80)
          ccol++;
      }
      if (quote)
        buf_putc(&b, '"'), ccol++;
    }
    buf_putc(&b, '\n');
    line++;
    row++;
  }
  SrcFile csv = *f;
  csv.data = b.s ? b.s : "";
  csv.len = b.len;
  int first = pack->diags.len;
  long m0 = pack->n_mrows, a0 = pack->n_arows;
  progress_read_sheet(pack, &csv);
  for (int i = first; i < pack->diags.len; i++)
    if (pack->diags.v[i].pos.file == f->path || strcmp(pack->diags.v[i].pos.file, f->path) == 0)
      pack->diags.v[i].pos = sheet_pos(spots, n_spots, pack->diags.v[i].pos);
  for (long i = m0; i < pack->n_mrows; i++)
    pack->mrows[i].pos = sheet_pos(spots, n_spots, pack->mrows[i].pos);
  for (long i = a0; i < pack->n_arows; i++)
    pack->arows[i].pos = sheet_pos(spots, n_spots, pack->arows[i].pos);
  free(spots);
  buf_release(&b);
  xlsx_free(&s);
}
