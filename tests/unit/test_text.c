/*
 * test_text.c - memory, dates, numbers and UTF-8 (arena.c, date.c, utf8.c).
 */
#include "harness.h"
#include "objreg.h"

#include <stdint.h>
#include <stdlib.h>

/* Big blocks (2 MiB and more: huge pages) keep their bytes as they grow and
 * shrink, small ones as before; an arena's blocks grow and its texts stay. */
void test_memory(void)
{
  size_t n = 0;
  unsigned char *p = NULL;
  bool kept = true;
  for (size_t want = 1000; want <= ((size_t)9 << 20); want = want * 3) {
    p = xrealloc(p, want);
    for (size_t i = 0; i < n; i++)
      kept &= p[i] == (unsigned char)(i * 7);
    for (size_t i = n; i < want; i++)
      p[i] = (unsigned char)(i * 7);
    n = want;
  }
  OK(kept, "xrealloc kept the bytes while growing to %zu", n);
  OK(((uintptr_t)p & (((uintptr_t)2 << 20) - 1)) == 0, "a block of %zu bytes starts on a 2 MiB boundary", n);
  p = xrealloc(p, 100);
  OK(p[99] == (unsigned char)(99 * 7), "xrealloc kept the bytes while shrinking");
  free(p);
  unsigned char *q = xmalloc((size_t)3 << 20);
  q[((size_t)3 << 20) - 1] = 1;
  OK(q[((size_t)3 << 20) - 1] == 1, "the last byte of a 3 MiB block");
  free(q);
  Arena a;
  arena_init(&a);
  char *first = arena_strdup(&a, "first");
  char *last = NULL;
  for (int i = 0; i < 200000; i++)
    last = arena_printf(&a, "text %d", i);
  STR_EQ(first, "first", "the first text after 1.3 MB of others");
  STR_EQ(last, "text 199999", "the last text");
  // Formats of %s alone are joined without vsnprintf: the same text as it.
  STR_EQ(arena_printf(&a, "evidence '%s' %s", "a/b.pdf", "names no file"), "evidence 'a/b.pdf' names no file",
         "two %%s");
  STR_EQ(arena_printf(&a, "%s", ""), "", "one empty %%s");
  STR_EQ(arena_printf(&a, "100%% of '%s'%s%s", "x", "", "!"), "100% of 'x'!", "%%%% and three %%s");
  STR_EQ(arena_printf(&a, "%%s is no conversion"), "%s is no conversion", "%%%%s");
  STR_EQ(arena_printf(&a, "no conversion"), "no conversion", "no %%");
  STR_EQ(arena_printf(&a, "%s%s%s%s%s%s%s%s%s", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "123456789",
         "nine %%s: vsnprintf");
  STR_EQ(arena_printf(&a, "%s and %d", "s", 7), "s and 7", "%%s and %%d: vsnprintf");
  const char *volatile none = NULL;  // unknown to the compiler, as a caller's NULL is
  STR_EQ(arena_printf(&a, "[%s]", none), "[(null)]", "a NULL text: vsnprintf's (null)");
  arena_release(&a);
}

static void date_ok(const char *s, bool want)
{
  Date d;
  bool got = date_parse(s, &d);
  OK(got == want, "date_parse('%s') = %d, want %d", s, got, want);
  if (got) {
    char out[11];
    date_format(d, out);
    STR_EQ(out, s, "date round trip");
  }
}

void test_date(void)
{
  date_ok("2026-11-27", true);
  date_ok("2024-02-29", true);   // leap year
  date_ok("2000-02-29", true);   // divisible by 400
  date_ok("2026-02-30", false);
  date_ok("2100-02-29", false);  // divisible by 100, not 400
  date_ok("2026-13-01", false);
  date_ok("2026-1-01", false);
  date_ok("2026-01-01T00:00", false);
  date_ok("", false);
  Date a, b;
  date_parse("1970-01-01", &a);
  INT_EQ(a, 0, "epoch day");
  date_parse("2026-11-27", &a);
  date_parse("2025-11-27", &b);
  INT_EQ(a - b, 365, "days in a year");
  INT_EQ(date_from_unix(1764201600), b, "SOURCE_DATE_EPOCH 1764201600 is 2025-11-27");
  INT_EQ(date_from_unix(1764201600 + 86399), b, "the last second of the day");
  int y, m, dd;
  date_civil(b, &y, &m, &dd);
  OK(y == 2025 && m == 11 && dd == 27, "date_civil gives 2025-11-27, not %d-%d-%d", y, m, dd);
  date_parse("1900-03-01", &a);
  date_civil(a, &y, &m, &dd);
  OK(y == 1900 && m == 3 && dd == 1, "date_civil before 1970");

  // SOURCE_DATE_EPOCH: parsed in date.c only
  int64_t secs = -1;
  unsetenv("SOURCE_DATE_EPOCH");
  INT_EQ(source_date_epoch(&secs), 0, "unset");
  setenv("SOURCE_DATE_EPOCH", "", 1);
  INT_EQ(source_date_epoch(&secs), 0, "empty is unset");
  setenv("SOURCE_DATE_EPOCH", "1764201600", 1);
  OK(source_date_epoch(&secs) == 1 && secs == 1764201600, "a time");
  setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
  INT_EQ(source_date_epoch(&secs), 1, "9999-12-31T23:59:59");
  static const char *const bad[] = {"253402300800", "-1", "+5", " 5", "5x", "99999999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    setenv("SOURCE_DATE_EPOCH", bad[i], 1);
    INT_EQ(source_date_epoch(&secs), -1, "refused");
  }
  unsetenv("SOURCE_DATE_EPOCH");

  // Buf: a string from buf_init on
  Buf buf;
  buf_init(&buf);
  OK(buf.s && buf.s[0] == '\0' && buf.len == 0, "an initialised Buf is \"\"");
  buf_reset(&buf);
  OK(buf.s == buf_empty, "reset of an empty Buf allocates nothing");
  char *det = buf_detach(&buf);
  OK(det && det != buf_empty && det[0] == '\0', "detach of an empty Buf gives a string to free");
  free(det);
  buf_printf(&buf, "%d-%s", 42, "x");
  buf_reset(&buf);
  OK(buf.len == 0 && buf.s[0] == '\0' && buf.cap > 0, "reset keeps the memory");
  buf_puts(&buf, "y");
  det = buf_detach(&buf);
  STR_EQ(det, "y", "detach");
  OK(buf.s == buf_empty && buf.cap == 0, "detach leaves the Buf empty");
  free(det);
  // JSON strings: runs copied whole, every byte that must be escaped escaped
  buf_json_str(&buf, "plain é \xe2\x80\x8b text");
  STR_EQ(buf.s, "\"plain é \xe2\x80\x8b text\"", "a JSON string without escapes");
  buf_reset(&buf);
  buf_json_str(&buf, "\"a\\b\"\n\r\t\x01\x1f\x7f end");
  STR_EQ(buf.s, "\"\\\"a\\\\b\\\"\\n\\r\\t\\u0001\\u001f\\u007f end\"", "a JSON string with every escape");
  buf_reset(&buf);
  buf_json_str(&buf, "");
  buf_json_str(&buf, NULL);
  buf_json_str(&buf, "\n");
  STR_EQ(buf.s, "\"\"\"\"\"\\n\"", "empty, NULL and an escape alone");
  buf_release(&buf);

  double v;
  OK(num_parse("42", false, &v) && v == 42, "42");
  OK(num_parse("-3.25", false, &v) && v == -3.25, "-3.25");
  OK(num_parse("-0", false, &v) && v == 0 && !signbit(v), "-0 is 0");
  OK(!num_parse("1e309", false, &v), "1e309 refused");
  OK(!num_parse("1e3", false, &v), "exponent refused");
  OK(!num_parse("NaN", false, &v), "NaN refused");
  OK(!num_parse("inf", false, &v), "inf refused");
  OK(!num_parse("+1", false, &v), "+1 refused");
  OK(!num_parse("1.", false, &v), "1. refused");
  OK(!num_parse(".5", false, &v), ".5 refused");
  OK(!num_parse("12,5", false, &v), "decimal comma refused without ;");
  OK(num_parse("12,5", true, &v) && v == 12.5, "decimal comma with ;");
  // The fast path agrees with strtod to the last bit, up to 15 digits and beyond.
  unsigned seed = 12345;
  int agree = 0, total = 0;
  for (int k = 0; k < 20000; k++) {
    char num[48], *q = num;
    seed = seed * 1103515245u + 12345u;
    if (seed & 1)
      *q++ = '-';
    int id = 1 + (int)((seed >> 8) % 12), fd = (int)((seed >> 16) % 10);
    for (int j = 0; j < id; j++, seed = seed * 1103515245u + 12345u)
      *q++ = (char)('0' + (seed >> 16) % 10);
    if (fd) {
      *q++ = '.';
      for (int j = 0; j < fd; j++, seed = seed * 1103515245u + 12345u)
        *q++ = (char)('0' + (seed >> 16) % 10);
    }
    *q = '\0';
    double want = strtod(num, NULL), got;
    want = want == 0 ? 0.0 : want;
    total++;
    agree += num_parse(num, false, &got) && memcmp(&got, &want, sizeof got) == 0;
  }
  INT_EQ(agree, total, "num_parse equals strtod bit for bit on random decimals");
  char big[400];
  memset(big, '9', 399);
  big[399] = '\0';
  OK(!num_parse(big, false, &v), "a 399-digit number is refused");
}

void test_utf8(void)
{
  INT_EQ(utf8_check("plain", 5), -1, "ASCII");
  INT_EQ(utf8_check("\xC3\xA9t\xC3\xA9 \xCE\xA9 \xD0\x96", 11), -1, "é Ω Ж");
  INT_EQ(utf8_check("Z\xC3(", 3), 1, "truncated sequence");
  INT_EQ(utf8_check("a\xC0\xAF", 3), 1, "overlong");
  INT_EQ(utf8_check("\xED\xA0\x80", 3), 0, "surrogate");
  INT_EQ(utf8_check("\xF4\x90\x80\x80", 4), 0, "past U+10FFFF");
  INT_EQ(utf8_check("ab\x01", 3), 2, "control character");
  INT_EQ(utf8_check("a\0b", 3), 1, "NUL");
  INT_EQ(utf8_check("a\tb\r\n", 5), -1, "tab, CR, LF allowed");
  INT_EQ(utf8_len("\xC3\xA9t\xC3\xA9"), 3, "code points");
  for (int at = 0; at < 24; at++) {  // every position of the 8-byte fast path
    char line[32];
    memset(line, 'a', sizeof line);
    line[at] = '\x1f';
    INT_EQ(utf8_check(line, sizeof line), at, "control character found by the fast path");
    line[at] = '\xff';
    INT_EQ(utf8_check(line, sizeof line), at, "invalid byte found by the fast path");
    line[at] = '~';
    INT_EQ(utf8_check(line, sizeof line), -1, "printable ASCII passes");
  }
}

/* What an author cannot see: blank values, look-alike keys and column names. */
void test_lookalike(void)
{
  char out[96];
  OK(utf8_blank(""), "empty is blank");
  OK(utf8_blank(" \xC2\xA0\xE2\x80\x8B\t"), "space, no-break space, zero-width space, tab are blank");
  OK(!utf8_blank("\xC2\xA0x"), "a letter is not blank");
  OK(utf8_oddity("target\xC2\xA0", out, sizeof out), "a no-break space is found");
  STR_EQ(out, "U+00A0, a no-break space, as character 7", "and named");
  OK(utf8_oddity("\xD0\x9E" "BJ-001", out, sizeof out), "a Cyrillic O is found");
  STR_EQ(out, "U+041E, a Cyrillic letter, as character 1", "and named");
  OK(!utf8_oddity("Zielwert \xC3\xA9", out, sizeof out), "a Latin letter with an accent is no oddity");
  utf8_skeleton("Baseline\xE2\x80\x91" "Date\xE2\x80\x8B", out, sizeof out);
  STR_EQ(out, "baseline-date", "skeleton: a non-breaking hyphen is '-', a zero-width space nothing");
  utf8_skeleton("\xEF\xBD\x94\xD0\xB0rget", out, sizeof out);
  STR_EQ(out, "target", "skeleton: full-width t, Cyrillic a");
  OK(csv_name_is("st\xE2\x80\x8B" "atus", "status"), "a column name with a zero-width space in it");
  OK(csv_name_is("\xC2\xA0Status ", "status"), "a column name with spaces around it");
  OK(!csv_name_is("state", "status"), "another name");
  OK(csv_name_is("H\xC3\xA4ufigkeit", "H\xC3\xA4ufigkeit"), "a German name");
  Pack p;
  pack_init(&p);
  INT_EQ(vocab_lookup(&p, VF_LEVEL, "Organization"), LV_ORGANISATION, "level: the US spelling is the organisation");
  INT_EQ(vocab_lookup(&p, VF_FREQUENCY, "Half-yearly"), FREQ_SEMIANNUAL, "half-yearly is semiannual");
  INT_EQ(vocab_lookup(&p, VF_FREQUENCY, "yearly"), FREQ_ANNUAL, "yearly is annual");
  INT_EQ(vocab_lookup(&p, VF_DIRECTION, "Decreasing"), DIR_DECREASE, "decreasing is decrease");
  INT_EQ(vocab_lookup(&p, VF_FREQUENCY, "biannual"), 0, "biannual is not read: twice a year, or every two years?");
  OK(is_placeholder("TBD") && is_placeholder(" n/a ") && is_placeholder("\xC3\x80 d\xC3\xA9" "finir") &&
     is_placeholder("k. A."), "placeholders");
  OK(!is_placeholder("Head of IT") && !is_placeholder("None") && !is_placeholder("NA"), "values");
  pack_free(&p);
}
