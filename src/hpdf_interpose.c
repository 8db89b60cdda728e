/*
 * hpdf_interpose.c - two of libharu 2.3.0's byte loops, replaced.
 *
 * libharu 2.3.0 clears a 512-byte buffer, one byte at a time, before every
 * path, colour and font operator it writes (HPDF_MemSet), and copies every
 * byte into its streams one at a time (HPDF_MemCpy): together 9 % of a
 * build's CPU time at 1,000 objectives.  The library calls both through the
 * PLT, so these definitions in the executable take their place (ELF symbol
 * interposition); where that does not happen (a static libharu) the
 * library's own loops run and nothing else changes.  They return the same
 * pointer past the end as libharu's, and write the same bytes for every call
 * libharu makes (no overlapping copy).  tests/cli.sh checks the documents'
 * bytes across builds, and docs/performance.md has the measurement.
 *
 * Compiled only for libharu 2.3.0 (PDF_INTERNALS, pdf.h): another version's
 * loops may differ, and there its own run.
 */
#include "pdf.h"

#if PDF_INTERNALS

#include <hpdf_utils.h>
#include <string.h>

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
  if (n)  // libharu's loop accepts NULL with 0; memset need not
    memset(s, c, n);
  return (HPDF_BYTE *)s + n;
}

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
  if (n)  // memmove where libharu's forward loop would smear an overlap with out > in; no caller has one
    memmove(out, in, n);
  return out + n;
}

#endif  // PDF_INTERNALS
