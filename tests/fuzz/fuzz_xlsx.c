/* fuzz_xlsx.c - one file read as an XLSX workbook: every sheet part through
 * xlsx_read.c (smaller limits, so that a run stays fast), then as a
 * progress workbook through the whole pipeline. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  XlsxLimits lim = xlsx_default_limits;
  lim.part_bytes = 8L << 20;
  lim.total_bytes = 16L << 20;
  lim.cells = 100000;
  XlsxSheet s;
  if (xlsx_read(data, size, NULL, &lim, &s) == 0) {
    // The cells are sorted and lie in the grid; every text is non-empty UTF-8.
    for (int i = 0; i < s.n_cells; i++) {
      const XlsxCell *c = &s.cells[i];
      if (c->row < 1 || c->row > 1048576 || c->col < 1 || c->col > 16384 || !c->text[0] ||
          utf8_check(c->text, strlen(c->text)) >= 0 || xlsx_cell(&s, c->row, c->col) != c->text)
        abort();
      if (i && (s.cells[i - 1].row > c->row || (s.cells[i - 1].row == c->row && s.cells[i - 1].col >= c->col)))
        abort();
    }
  }
  xlsx_free(&s);
  xlsx_read(data, size, "Sheet2", &lim, &s);
  xlsx_free(&s);

  Pack pack;
  pack_init(&pack);
  fuzz_objective(&pack);
  char *copy = xmalloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = '\0';
  SrcFile f = {.path = "progress/p.xlsx", .data = copy, .len = size};
  progress_read_xlsx(&pack, &f);
  free(copy);
  fuzz_finish(&pack);
  return 0;
}
