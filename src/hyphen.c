/*
 * hyphen.c - where a word may be hyphenated, with libhyphen and Debian's
 * hyphenation dictionaries (hyphen-en-us, hyphen-de, hyphen-fr), for the
 * layout's line breaking (pdf_layout.c, SPEC section 12).
 *
 * A Hyphenator is one language's dictionary, loaded on first use by the
 * document that needs it and used by that document's thread only.  Words are
 * UTF-8; a dictionary in ISO 8859-1 (Debian's German one) gets the word in
 * that encoding, and the points are mapped back to UTF-8 byte offsets.  The
 * patterns are lower case, so the word is lowered first (ASCII and the Latin-1
 * letters, which keeps every offset).  Points from non-standard hyphenation
 * (a change of spelling at the break) are not used.  A missing dictionary
 * gives no points: the line breaking then cuts as it did before.
 */
#include "objreg.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#define HYPH_DIR "/usr/share/hyphen"
#define HYPH_MAX_WORD 96  // longer "words" (hashes, URLs) are not hyphenated

struct Hyphenator {
  HyphenDict *dict;
  bool latin1;  // the dictionary's patterns are ISO 8859-1
};

Hyphenator *hyph_open(Language lang)
{
  static const char *const files[] = {[LANG_EN] = HYPH_DIR "/hyph_en_US.dic", [LANG_DE] = HYPH_DIR "/hyph_de_DE.dic",
                                      [LANG_FR] = HYPH_DIR "/hyph_fr.dic"};
  if ((unsigned)lang > LANG_FR)
    return NULL;
  HyphenDict *dict = hnj_hyphen_load(files[lang]);
  if (!dict)
    return NULL;
  Hyphenator *h = xcalloc(1, sizeof *h);
  h->dict = dict;
  h->latin1 = !dict->utf8;
  return h;
}

void hyph_close(Hyphenator *h)
{
  if (!h)
    return;
  hnj_hyphen_free(h->dict);
  free(h);
}

/* The word in the dictionary's encoding, lowered, with the UTF-8 offset of
 * each of its bytes' ends in at[]; its length, or -1 when it cannot be put so. */
static int hyph_word(const Hyphenator *h, const char *w, size_t n, char *out, size_t *at)
{
  int k = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int len = utf8_decode(w + i, n - i, &c);
    if (len <= 0 || k + 2 > HYPH_MAX_WORD)
      return -1;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
      c += 0x20;
    if (h->latin1 || c < 0x80) {
      if (c > 0xFF)
        return -1;
      out[k] = (char)c;
      at[k++] = i + (size_t)len;
    } else {
      if (c >= 0x800 || len != 2)  // beyond the Latin letters: not a word to hyphenate
        return -1;
      out[k] = (char)(0xC0 | (c >> 6));
      at[k++] = i + 1;  // inside the character: never a point
      out[k] = (char)(0x80 | (c & 0x3F));
      at[k++] = i + 2;
    }
    i += (size_t)len;
  }
  out[k] = '\0';
  return k;
}

int hyph_points(Hyphenator *h, const char *w, size_t n, size_t *pts, int max)
{
  if (!h || n == 0 || n > HYPH_MAX_WORD)
    return 0;
  char word[HYPH_MAX_WORD + 1], hy[HYPH_MAX_WORD + 6];
  size_t at[HYPH_MAX_WORD];
  int k = hyph_word(h, w, n, word, at);
  if (k < 4)
    return 0;
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  memset(hy, 0, sizeof hy);
  int np = 0;
  if (hnj_hyphen_hyphenate2(h->dict, word, k, hy, NULL, &rep, &pos, &cut) == 0)
    for (int i = 0; i + 1 < k && np < max; i++)
      if ((hy[i] & 1) && !(rep && rep[i]) && at[i] < n && (i + 1 >= k || (word[i + 1] & 0xC0) != 0x80))
        pts[np++] = at[i];  // a hyphen may follow byte at[i] - 1 of the UTF-8 word
  if (rep) {
    for (int i = 0; i < k; i++)
      free(rep[i]);
    free(rep);
  }
  free(pos);
  free(cut);
  return np;
}
