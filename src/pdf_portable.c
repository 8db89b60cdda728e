/*
 * pdf_portable.c - the page streams and the save over libharu's public API,
 * for every libharu but 2.3.0 (or with make PDF_PORTABLE=1).
 *
 * pdf_stream.c, for 2.3.0, moves each page's content out of libharu and
 * deflates it as the layout goes, and writes the document straight into its
 * file; that needs libharu's struct layouts.  Here libharu keeps the content
 * of every page and deflates it at the save (HPDF_COMP_ALL, set in
 * pdf_open), and the pages keep libharu's /ProcSet.  The save goes to a
 * memory stream (HPDF_SaveToStream) that is copied into the file with every
 * write and the close checked; a failed file is removed, never left
 * truncated.  The documents are valid PDFs with the same pages and text;
 * their bytes differ from pdf_stream.c's, and are the same for the same
 * inputs whatever the threads.  It takes more memory and time at the save:
 * docs/performance.md.
 */
#include "pdf.h"

#if !PDF_INTERNALS

#include <errno.h>
#include <string.h>

int pdf_chunks_open(PdfDoc *d, bool thread, const char *path)
{
  (void)d, (void)thread, (void)path;
  return 0;
}

void pdf_chunks_flush(PdfDoc *d, int k, bool footer)
{
  (void)d, (void)k, (void)footer;
}

void pdf_chunks_close(PdfDoc *d)
{
  (void)d;
}

void pdf_page_trim(HPDF_Page page)
{
  (void)page;
}

void pdf_text_out(PdfDoc *d, float x, float y, const char *s, size_t n, bool empty)
{
  (void)n, (void)empty;
  HPDF_Page_TextOut(d->page, x, y, s);
}

int pdf_save(PdfDoc *d, const char *path)
{
  if (!pdf_ok(d) || HPDF_SaveToStream(d->doc) != HPDF_OK || !pdf_ok(d))
    return -1;
  HPDF_ResetStream(d->doc);
  FILE *f = fopen(path, "wb");
  if (!f) {
    snprintf(d->reason, sizeof d->reason, "%s", strerror(errno));
    return -1;
  }
  int err = 0;
  HPDF_BYTE buf[65536];
  for (;;) {
    HPDF_UINT32 n = sizeof buf;
    HPDF_STATUS st = HPDF_ReadFromStream(d->doc, buf, &n);
    errno = 0;
    if (n && fwrite(buf, 1, n, f) != n) {
      err = errno ? errno : EIO;
      break;
    }
    if (st == HPDF_STREAM_EOF)
      break;
    if (st != HPDF_OK) {
      err = EIO;
      break;
    }
  }
  err = pdf_save_close(f, err);
  if (err && !d->reason[0])
    snprintf(d->reason, sizeof d->reason, "%s", strerror(err));
  if (err || !pdf_ok(d)) {
    pdf_save_remove(path);
    return -1;
  }
  return 0;
}

#endif  // !PDF_INTERNALS
