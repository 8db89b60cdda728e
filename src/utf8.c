/*
 * utf8.c - UTF-8 validation and decoding.
 *
 * Every text file of a pack is checked once, whole, before any parser sees
 * it (SPEC section 1): invalid sequences (overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences) and C0 control characters other
 * than tab, LF and CR are refused with their position.
 */
#include "objreg.h"

#include <stdio.h>
#include <string.h>

/* Bytes used by the sequence at s (at most n bytes), 0 if invalid. */
int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0)
    return 0;
  uint32_t c = s[0];
  int k;
  uint32_t min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    k = 1, min = 0x80, c &= 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    k = 2, min = 0x800, c &= 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    k = 3, min = 0x10000, c &= 0x07;
  } else {
    return 0;
  }
  if ((size_t)k >= n)
    return 0;
  for (int j = 1; j <= k; j++) {
    if ((s[j] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[j] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return k + 1;
}

long utf8_check(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    // Eight bytes at a time while they are printable ASCII: none with the high
    // bit set, none below 0x20 (x - 0x20.. borrows into the high bit of such a byte).
    while (i + 8 <= n) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      if ((x | (x - 0x2020202020202020ull)) & 0x8080808080808080ull)
        break;
      i += 8;
    }
    if (i >= n)
      break;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return (long)i;
      i++;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (!k)
      return (long)i;
    i += (size_t)k;
  }
  return -1;
}

size_t utf8_len(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

const char *utf8_clean(Arena *a, const char *s)
{
  Buf b;
  buf_init(&b);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0 || cp < 0x20 || cp == 0x7F) {  // a byte that is no character, or a control: one mark each
      buf_puts(&b, "\xEF\xBF\xBD");
      i += k > 0 ? (size_t)k : 1;
    } else {
      buf_add(&b, s + i, (size_t)k);
      i += (size_t)k;
    }
  }
  const char *t = arena_strdup(a, b.s);
  buf_release(&b);
  return t;
}

/* A character that shows as blank space or not at all: the Unicode spaces
 * other than U+0020, and the format characters that authors paste from Word
 * or a web page without seeing them (soft hyphen, zero-width space and
 * joiners, directional marks, word joiner, byte order mark). */
bool cp_invisible(uint32_t cp)
{
  return cp == 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF;
}

/* A dash or minus that is not the ASCII hyphen-minus it looks like. */
static bool cp_dash(uint32_t cp)
{
  return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

bool utf8_blank(const char *s)
{
  while (*s) {
    uint32_t cp;
    int k = utf8_decode(s, strlen(s), &cp);
    if (!k)
      return false;
    if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp_invisible(cp)))
      return false;
    s += k;
  }
  return true;
}

/* What an author would call the character, for a message. */
static const char *cp_name(uint32_t cp)
{
  switch (cp) {
  case 0xA0: return "a no-break space";
  case 0x202F: return "a narrow no-break space";
  case 0xAD: return "a soft hyphen";
  case 0x200B: return "a zero-width space";
  case 0x200C: return "a zero-width non-joiner";
  case 0x200D: return "a zero-width joiner";
  case 0x2060: return "a word joiner";
  case 0xFEFF: return "a zero-width no-break space (byte order mark)";
  case 0x200E: case 0x200F: return "a directional mark";
  case 0x2010: return "a hyphen, not the ASCII '-'";
  case 0x2011: return "a non-breaking hyphen, not the ASCII '-'";
  case 0x2012: return "a figure dash, not the ASCII '-'";
  case 0x2013: return "an en dash, not the ASCII '-'";
  case 0x2014: return "an em dash, not the ASCII '-'";
  case 0x2212: return "a minus sign, not the ASCII '-'";
  default: break;
  }
  if (cp_invisible(cp))
    return "a space or invisible character";
  if (cp_dash(cp))
    return "a dash, not the ASCII '-'";
  if (cp >= 0xFF01 && cp <= 0xFF5E)
    return "a full-width character";
  if (cp >= 0x0370 && cp <= 0x03FF)
    return "a Greek letter";
  if (cp >= 0x0400 && cp <= 0x04FF)
    return "a Cyrillic letter";
  return NULL;
}

bool utf8_oddity(const char *s, char *out, size_t size)
{
  size_t n = strlen(s);
  int at = 0;
  for (size_t i = 0; i < n; at++) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (!k)
      return false;
    const char *name = cp >= 0x80 ? cp_name(cp) : NULL;
    if (name) {
      snprintf(out, size, "U+%04X, %s, as character %d", (unsigned)cp, name, at + 1);
      return true;
    }
    i += (size_t)k;
  }
  return false;
}

/* The Latin letter a Cyrillic or Greek letter looks like, or 0. */
static uint32_t cp_latin_twin(uint32_t cp)
{
  static const struct { uint16_t cp; char latin; } twins[] = {
    {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'},
    {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0425, 'X'}, {0x0406, 'I'}, {0x0430, 'a'}, {0x0435, 'e'},
    {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0445, 'x'}, {0x0456, 'i'}, {0x0391, 'A'}, {0x0392, 'B'},
    {0x0395, 'E'}, {0x0397, 'H'}, {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'},
    {0x03A1, 'P'}, {0x03A4, 'T'}, {0x03A7, 'X'}, {0x03BF, 'o'}, {0x0405, 'S'}, {0x0408, 'J'},
    {0x0455, 's'}, {0x0458, 'j'}, {0x0443, 'y'},
  };
  for (size_t i = 0; i < sizeof twins / sizeof *twins; i++)
    if (twins[i].cp == cp)
      return (uint32_t)twins[i].latin;
  return 0;
}

size_t utf8_skeleton(const char *s, char *out, size_t size)
{
  size_t n = strlen(s), o = 0;
  for (size_t i = 0; i < n && o + 4 < size;) {
    uint32_t cp, twin;
    int k = utf8_decode(s + i, n - i, &cp);
    if (!k)
      break;
    if (cp >= 0xFF01 && cp <= 0xFF5E)  // full-width ASCII
      cp -= 0xFEE0;
    else if ((twin = cp_latin_twin(cp)))
      cp = twin;
    else if (cp_dash(cp))
      cp = '-';
    if (cp_invisible(cp)) {
    } else if (cp < 0x80) {
      out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else {
      memcpy(out + o, s + i, (size_t)k);
      o += (size_t)k;
    }
    i += (size_t)k;
  }
  out[o] = '\0';
  return o;
}
