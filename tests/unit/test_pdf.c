/*
 * test_pdf.c - pages laid out with reserved pages filled later (the
 * register's contents): every page gets its body done once, the DRAFT
 * watermark over it and its footer, whether the fill reaches every reserved
 * page or not, on one thread or two.  The PDF is read back here: each page's
 * content stream inflated with zlib.
 */
#include "harness.h"

#include "../../src/pdf.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

typedef struct {
  int streams, footers, watermarks;
} Counts;

/* Inflate every stream of the PDF at path and count page contents. */
static Counts read_back(const char *path)
{
  Counts c = {0, 0, 0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return c;
  static unsigned char pdf[1 << 20], out[1 << 20];
  size_t n = fread(pdf, 1, sizeof pdf, f);
  fclose(f);
  for (size_t i = 0; i + 8 < n; i++) {
    if (memcmp(pdf + i, "stream\r\n", 8) != 0)
      continue;
    size_t start = i + 8, end = start;
    while (end + 9 < n && memcmp(pdf + end, "endstream", 9) != 0)
      end++;
    uLongf len = sizeof out - 1;
    if (uncompress(out, &len, pdf + start, (uLong)(end - start)) != Z_OK)
      continue;  // a font, or not deflated
    out[len] = 0;
    if (!strstr((char *)out, " Td"))
      continue;
    c.streams++;
    c.footers += strstr((char *)out, "Q\n") != NULL && memcmp(out, "q\n", 2) == 0;  // the footer's q ... Q comes first
    c.watermarks += strstr((char *)out, " Tm") != NULL;
  }
  return c;
}

/* A cover, then n_res reserved pages and a body page; the fill reaches `fill` of the reserved. */
static Counts layout(bool draft, int threads, int n_res, int fill, bool do_fill)
{
  char path[] = "/tmp/objreg-test-pdf-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return (Counts){-1, -1, -1};
  close(fd);
  PdfSettings set = {PAPER_A4, "DOC-1", "Title", "1.0", "Internal", "2026-01-01", NULL, draft, ".", threads, path, LANG_EN};
  PdfDoc d;
  Counts c = {-1, -1, -1};
  if (pdf_open(&d, &set) == 0) {
    PdfStyle st = pdf_style(PF_REGULAR, 10, PDF_INK);
    pdf_new_page(&d);
    pdf_label(&d, &st, 60, 700, AL_LEFT, "cover");
    pdf_new_page(&d);
    int first = d.n_pages - 1;
    pdf_reserve(&d, n_res - 1);
    pdf_new_page(&d);
    pdf_label(&d, &st, 60, 700, AL_LEFT, "body");
    if (do_fill) {
      pdf_fill_begin(&d, first, n_res);
      pdf_label(&d, &st, 60, 700, AL_LEFT, "contents");
      for (int i = 1; i < fill; i++) {
        pdf_new_page(&d);
        pdf_label(&d, &st, 60, 700, AL_LEFT, "contents");
      }
      pdf_fill_end(&d);
    }
    pdf_finish(&d);
    if (pdf_ok(&d) && pdf_save(&d, path) == 0)
      c = read_back(path);
    pdf_close(&d);
  }
  unlink(path);
  return c;
}

void test_pdf(void)
{
  if (!glyph_init(".") || access("fonts", R_OK) != 0) {
    OK(0, "test_pdf: run from the top of the repository (fonts/)");
    return;
  }
  for (int threads = 1; threads <= 2; threads++) {
    Counts c = layout(true, threads, 3, 3, true);
    INT_EQ(c.streams, 5, "reserved pages filled: five pages");
    INT_EQ(c.watermarks, 5, "reserved pages filled: a watermark on every page");
    c = layout(true, threads, 3, 1, true);
    INT_EQ(c.watermarks, 5, "a fill that reaches one of three reserved pages: a watermark on every page");
    c = layout(true, threads, 3, 0, false);
    INT_EQ(c.watermarks, 5, "reserved pages never filled: a watermark on every page, no abort");
    c = layout(false, threads, 2, 2, true);
    INT_EQ(c.streams, 4, "not a draft: four pages");
    INT_EQ(c.watermarks, 0, "not a draft: no watermark");
    if (PDF_INTERNALS)
      INT_EQ(c.footers, 4, "each page's stream begins with its footer in q ... Q");
  }
}
