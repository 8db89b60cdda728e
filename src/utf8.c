/*
 * utf8.c - UTF-8 validation and decoding.
 *
 * Every text file of a pack is checked once, whole, before any parser sees
 * it (SPEC section 1): invalid sequences (overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences) and C0 control characters other
 * than tab, LF and CR are refused with their position.
 */
#include "objreg.h"

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
