/*
 * glyph.c - which characters the PDF fonts can print.
 *
 * The coverage of the faces the PDFs use (DejaVu Sans regular, bold and
 * oblique) is read once through FreeType into a bitmap of the code points
 * all three have, and the faces are closed again.  After glyph_init() the
 * bitmap is only read, so the renderers may ask from any thread.  The rules
 * stage uses it to raise W-GLYPH before anything is rendered; the renderers
 * use it to draw a replacement mark instead of dropping a character.
 */
#include "objreg.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdlib.h>
#include <string.h>

#define GLYPH_MAX 0x10000  // libharu 2.3.0 prints the Basic Multilingual Plane only

static uint8_t *coverage;  // set once by glyph_init, then read-only

static const char *const faces[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"};

/* Mark in bits the code points face covers. */
static void face_coverage(FT_Face face, uint8_t *bits)
{
  FT_UInt gi;
  FT_ULong cp = FT_Get_First_Char(face, &gi);
  while (gi != 0) {
    if (cp < GLYPH_MAX)
      bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    cp = FT_Get_Next_Char(face, cp, &gi);
  }
}

bool glyph_init(const char *datadir)
{
  if (coverage || !datadir)
    return coverage != NULL;
  FT_Library lib;
  if (FT_Init_FreeType(&lib) != 0)
    return false;
  uint8_t *all = NULL, *one = xcalloc(GLYPH_MAX / 8, 1);
  bool ok = true;
  for (size_t i = 0; ok && i < sizeof faces / sizeof *faces; i++) {
    size_t n = strlen(datadir) + strlen(faces[i]) + 8;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/fonts/%s", datadir, faces[i]);
    FT_Face face;
    ok = FT_New_Face(lib, path, 0, &face) == 0;
    free(path);
    if (!ok)
      break;
    memset(one, 0, GLYPH_MAX / 8);
    face_coverage(face, one);
    FT_Done_Face(face);
    if (!all) {
      all = one;
      one = xcalloc(GLYPH_MAX / 8, 1);
    } else {
      for (size_t k = 0; k < GLYPH_MAX / 8; k++)
        all[k] &= one[k];
    }
  }
  free(one);
  FT_Done_FreeType(lib);
  if (!ok) {
    free(all);
    return false;
  }
  coverage = all;
  return true;
}

bool glyph_has(uint32_t cp)
{
  if (!coverage)
    return true;
  if (cp == '\n' || cp == '\t' || cp == '\r')
    return true;
  return cp < GLYPH_MAX && (coverage[cp >> 3] >> (cp & 7)) & 1;
}

void glyph_release(void)
{
  free(coverage);
  coverage = NULL;
}
