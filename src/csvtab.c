/*
 * csvtab.c - one CSV reader for the registers and the progress files.
 *
 * libcsv does the quoting; this file adds what it lacks: the delimiter,
 * detected from the header line (',', ';' or tab, whichever is most frequent
 * outside quotes), and source positions.  libcsv reports none, so the file is
 * fed one line at a time and a record's line is the line where its first
 * field opens.  Rows are handed to the caller one by one, the header first;
 * a syntax error or a field over the limit stops the file, takes back the
 * findings its rows raised, and reports one finding: a syntax error at its
 * offending character (a quote never closed: that quote), a field too long
 * at the line where it opens; the caller then drops what it kept (SPEC
 * section 1).
 *
 * SPEC section 11 (spreadsheet exports) lives here too: the text of a CSV
 * file as UTF-8 (UTF-16 with a BOM, csv.encoding through iconv), an Excel
 * `sep=` line, each field's column, and numbers and dates in the dialect
 * pack.yml declares, refused whenever they could be read two ways.
 */
#include "objreg.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <string.h>

//
// The core under csv_read and csv_scan: libcsv fed one line at a time
//

/* libcsv reports no positions, so the text goes in one line at a time: a
 * record's line is the line where its first field opens, and a syntax error
 * is at the character where libcsv stops (or, for a quote never closed, at
 * that quote).  The reader of each kind of CSV embeds a Scanner first and
 * gets each record through its record function. */
typedef struct Scanner Scanner;
struct Scanner {
  void (*record)(Scanner *r, char **f);  // a record ended: its r->n fields
  long field_max;        // bytes
  char delim;
  Buf data;              // the current record's fields, NUL-separated
  size_t *offs; int n, cap;
  size_t rec_off;        // offset of the line where the current record opens
  size_t end_off;        // offset of the end of the text fed so far
  int rec_line;          // line where the current record opened
  int field_line;        // line where the next field opens
  bool between;          // no record is open
  bool row_done;         // a record ended in the current chunk
  bool field_done;       // a field ended in the current chunk
  bool stop;             // the record function asked to stop
  bool too_long;
  int too_long_line;
  const char *fail;      // a record function's refusal of the file, at fail_pos
  Pos fail_pos;
  size_t q_off;          // the quotes of the open record are counted up to here:
  bool q_open;           // a quoted field is open there
};

static int space_only(unsigned char c)
{
  return c == ' ';
}

static void on_field(void *s, size_t len, void *data)
{
  Scanner *r = data;
  r->field_done = true;
  if ((long)len > r->field_max && !r->too_long) {
    r->too_long = true;
    r->too_long_line = r->n == 0 ? r->rec_line : r->field_line;
  }
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->offs = xrealloc(r->offs, (size_t)r->cap * sizeof *r->offs);
  }
  r->offs[r->n++] = r->data.len;
  if (s)
    buf_add(&r->data, s, len + 1);  // CSV_APPEND_NULL: s[len] is the NUL
  else
    buf_putc(&r->data, '\0');
}

static void on_row(int c, void *data)
{
  (void)c;
  Scanner *r = data;
  r->row_done = true;
  if (r->too_long || r->stop)
    return;
  char *fields_stack[32];
  char **f = r->n <= 32 ? fields_stack : xmalloc((size_t)r->n * sizeof *f);
  for (int i = 0; i < r->n; i++)
    f[i] = r->data.s + r->offs[i];
  r->record(r, f);
  if (f != fields_stack)
    free(f);
  r->n = 0;
  buf_reset(&r->data);
}

/* Column in characters of s[bol..i), plus one. */
static int char_col(const char *s, size_t bol, size_t i)
{
  int col = 1;
  for (size_t k = bol; k < i; k++)
    col += ((unsigned char)s[k] & 0xC0) != 0x80;
  return col;
}

/* Line and column (characters) of offset at in s, given that offset bol opens line. */
static Pos text_pos_at(const char *s, size_t bol, int line, size_t at)
{
  for (size_t i = bol; i < at; i++)
    if (s[i] == '\n')
      line++, bol = i + 1;
  return (Pos){NULL, line, char_col(s, bol, at)};
}

/* Where the quote opens that leaves the record in s[from..to) open at the end
 * of the text (libcsv has checked the rest): the opening quote of the last
 * quoted field, found the way libcsv reads fields ("" inside one is a quote). */
static Pos open_quote(const char *s, size_t from, size_t to, int line, char delim)
{
  size_t start = from;
  bool quoted = false, at_start = true;
  for (size_t i = from; i < to; i++) {
    if (s[i] == '"') {
      if (!quoted && at_start)
        start = i;
      quoted = !quoted;
      at_start = false;
    } else if (!quoted && (s[i] == delim || s[i] == '\n')) {
      at_start = true;
    } else if (s[i] != ' ' && s[i] != '\r') {
      at_start = false;
    }
  }
  return text_pos_at(s, from, line, start);
}

/* Whether s[0..n) holds only white space (libcsv skips such a line). */
static bool blank_line(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
      return false;
  return true;
}

/* The problem where libcsv stopped at s[at]: a quote in an unquoted field,
 * or something else than a delimiter after a closing quote. */
static const char *stop_problem(const char *s, size_t at)
{
  return s[at] == '"' ? "a quote inside an unquoted field" : "text after a closing quote";
}

/* Whether a quoted field of the open record is open at e: an odd number of
 * quotes before it since the record opened (a quote inside a quoted field is
 * doubled), counted on from where the last call stopped. */
static bool quotes_open(Scanner *r, const char *s, const char *e)
{
  for (const char *q = s + r->q_off; q < e && (q = memchr(q, '"', (size_t)(e - q))); q++)
    r->q_open = !r->q_open;
  r->q_off = (size_t)(e - s);
  return r->q_open;
}

/* Feed s[off..n), which opens line `line`, to p one line at a time, so that
 * each record knows its line; the problem, with *bad at the offending
 * character (a field too long: the line where it opens, column 1), or NULL. */
static const char *scan_text(Scanner *r, const char *s, size_t n, size_t off, int line, Pos *bad)
{
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    die("cannot initialise the CSV parser");
  csv_set_delim(&p, (unsigned char)r->delim);
  csv_set_space_func(&p, space_only);
  r->between = true;
  buf_init(&r->data);
  const char *problem = NULL;
  for (; off < n && !r->stop && !problem; line++) {
    const char *nl = memchr(s + off, '\n', n - off);
    size_t len = nl ? (size_t)(nl - (s + off)) + 1 : n - off;
    if (r->between)
      r->rec_line = r->field_line = line, r->rec_off = r->q_off = off, r->q_open = false;
    r->end_off = off + len;
    r->row_done = r->field_done = false;
    // A CR is a line end only before LF: one alone (classic Mac OS line
    // ends, or a stray one in a value) would end a record for libcsv and
    // not a line here, and cut "12\r34" into 12 and a row "34".
    const char *cr = memchr(s + off, '\r', len), *end = s + off + len;
    while (cr) {
      const char *run = cr;
      while (run < end && *run == '\r')
        run++;
      if (nl && run == nl) {  // CR LF, or CR CR LF as some writers end a line: the line's end
        cr = NULL;
        break;
      }
      if (!quotes_open(r, s, cr))
        break;  // outside quotes: refused below
      cr = memchr(run, '\r', (size_t)(end - run));  // inside a quoted value: its text
    }
    if (cr) {
      problem = "a carriage return (CR) not followed by a line feed";
      *bad = text_pos_at(s, off, line, (size_t)(cr - s));
      break;
    }
    size_t done = csv_parse(&p, s + off, len, on_field, on_row, r);
    if (done != len) {  // libcsv stops at the offending character
      problem = stop_problem(s, off + done);
      *bad = text_pos_at(s, off, line, off + done);
    } else if (r->too_long) {
      problem = "field too long";
    } else if (r->fail) {
      problem = r->fail;
      *bad = r->fail_pos;
    }
    if (r->row_done)
      r->between = true;
    else if (!blank_line(s + off, len))
      r->between = false;
    if (r->field_done && !r->row_done)
      r->field_line = line;  // a field ended on this line; the next one opens here
    off += len;
  }
  if (!problem && !r->stop && csv_fini(&p, on_field, on_row, r) != 0) {
    problem = "quoted field never closed";
    *bad = open_quote(s, r->rec_off, n, r->rec_line, r->delim);
  }
  if (!problem && r->too_long)
    problem = "field too long";
  if (r->too_long && strcmp(problem, "field too long") == 0)
    *bad = (Pos){NULL, r->too_long_line, 1};
  csv_free(&p);
  buf_release(&r->data);
  free(r->offs);
  return problem;
}

//
// csv_read: a CSV file of the pack
//

typedef struct {
  Scanner sc;            // first: the record function gets it
  Pack *pack;
  const SrcFile *file;
  CsvRowFn fn;
  void *ctx;
  Pos *pos; int pos_cap; // each field's position, found when the row ends
  bool *quoted;          // and whether it was quoted
  long rows;             // records seen, the header included
  unsigned char cls[256];  // each byte's class: CLS_CHAR, CLS_END
} Reader;

enum {
  CLS_CHAR = 1,  // opens a character (not a UTF-8 continuation byte)
  CLS_END = 2,   // ends an unquoted field: the delimiter, CR, LF
};

static void byte_classes(Reader *r)
{
  for (int c = 0; c < 256; c++)
    r->cls[c] = (c & 0xC0) != 0x80 ? CLS_CHAR : 0;
  r->cls[(unsigned char)r->sc.delim] |= CLS_END;
  r->cls['\n'] |= CLS_END;
  r->cls['\r'] |= CLS_END;
}

/* Where each field of the record in s[from..to) starts: libcsv has checked
 * its syntax, so fields start at the record and after each delimiter outside
 * quotes; leading spaces are not part of a field (libcsv trims them). */
static void field_positions(Reader *r, size_t from, size_t to)
{
  const char *s = r->file->data;
  int nf = r->sc.n;
  char delim = r->sc.delim;
  if (nf > r->pos_cap) {
    r->pos_cap = nf + 16;
    r->pos = xrealloc(r->pos, (size_t)r->pos_cap * sizeof *r->pos);
    r->quoted = xrealloc(r->quoted, (size_t)r->pos_cap * sizeof *r->quoted);
  }
  // One pass over the record: col is the column (in characters) of s[i].
  int line = r->sc.rec_line, k = 0, col = 1;
  size_t i = from;
  while (k < nf) {
    while (i < to && s[i] == ' ')
      i++, col++;
    r->quoted[k] = i < to && s[i] == '"';
    r->pos[k++] = (Pos){r->file->path, line, col};
    if (!r->quoted[k - 1]) {  // no quote in it (libcsv is strict): up to the delimiter or the line end
      unsigned char t;
      while (i < to && !((t = r->cls[(unsigned char)s[i]]) & CLS_END))
        col += t & CLS_CHAR, i++;
    }
    bool quoted = false;
    for (; i < to; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c == '\n' && quoted) {  // a line break inside a quoted field
        line++, col = 1;
        continue;
      }
      if (!quoted && (c == (unsigned char)delim || c == '\n' || c == '\r'))
        break;
      if (c == '"')
        quoted = !quoted;
      col += (c & 0xC0) != 0x80;
    }
    if (i >= to || s[i] != delim)
      break;
    i++, col++;
  }
  for (; k < nf; k++)  // not found (cannot happen): the row's position
    r->pos[k] = (Pos){r->file->path, r->sc.rec_line, 1}, r->quoted[k] = false;
}

/* Whether the line at s (to its end or a line end) holds at least n - 1
 * delimiters: as many as a row of n fields. */
static bool row_like(const char *s, char delim, int n)
{
  int k = 0;
  for (; *s && *s != '\n' && *s != '\r'; s++)
    k += *s == delim;
  return k >= n - 1;
}

/* A record of a pack's file: its fields' positions, then the row to fn
 * unless every field is empty. */
static void read_record(Scanner *sc, char **f)
{
  Reader *r = (Reader *)sc;
  field_positions(r, sc->rec_off, sc->end_off);
  // A quote left open in a value ("Scan läuft) takes the next rows into that
  // value until some later quote closes it: a line inside a quoted field
  // that is a whole row of this file shows it, one that begins as this
  // record does (its first field and the delimiter) and holds as many
  // delimiters as a row (a note's own line "OBJ-001, M2 and M3 ..." does not).
  size_t n0 = strlen(f[0]);
  for (int k = 1; k < sc->n && n0 && !r->quoted[0] && !sc->fail; k++) {
    if (!r->quoted[k])
      continue;
    for (const char *nl = strchr(f[k], '\n'); nl; nl = strchr(nl + 1, '\n'))
      if (strncmp(nl + 1, f[0], n0) == 0 && nl[1 + n0] == sc->delim && row_like(nl + 1, sc->delim, sc->n)) {
        sc->fail = "a quoted field takes in lines that begin like the rows of this file";
        sc->fail_pos = r->pos[k];
        sc->stop = true;
        return;
      }
  }
  bool empty = true;
  for (int i = 0; i < sc->n; i++)
    empty &= f[i][0] == '\0';
  if (!empty) {
    CsvRow row = {f, sc->n, sc->rec_line, r->rows++, r->pos, r->quoted, sc->delim};
    r->fn(r->ctx, &row);
  }
}

/* ',', ';' or tab: the most frequent outside quotes in the header line (the
 * first line that is not blank). */
char csv_delim(const char *s, size_t n)
{
  size_t comma = 0, semi = 0, tab = 0, i = 0;
  bool quoted = false;
  for (size_t k = 0; k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'); k++)
    if (s[k] == '\n')
      i = k + 1;
  for (; i < n && (quoted || s[i] != '\n'); i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (!quoted)
      comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
  }
  if (semi > comma && semi >= tab)
    return ';';
  if (tab > comma && tab > semi)
    return '\t';
  return ',';
}

/* The length of an Excel `sep=X` first line (its line end included), with
 * *delim set to X; 0 if the text has none. */
static size_t sep_line(const char *d, size_t n, char *delim)
{
  if (n < 5 || strncmp(d, "sep=", 4) != 0 || d[4] == '"' || d[4] == '\r' || d[4] == '\n' ||
      (unsigned char)d[4] >= 0x80 || (n > 5 && d[5] != '\n' && d[5] != '\r'))
    return 0;
  *delim = d[4];
  size_t off = 5 + (n > 5 && d[5] == '\r');
  return off + (off < n && d[off] == '\n');
}

/* The hint that goes with a syntax problem: how to fix the file. */
static const char *syntax_hint(const char *problem)
{
  if (strcmp(problem, "quoted field never closed") == 0)
    return "add the closing quote";
  if (strncmp(problem, "a quoted field takes in", 23) == 0)
    return "close the quote where the value ends, or double a quote that is part of the text (\"\")";
  if (strncmp(problem, "a carriage return", 17) == 0)
    return "save the file with Windows (CRLF) or Unix (LF) line ends, and remove the CR from any value";
  return "quote the whole field and double each quote in it (\"say \"\"hi\"\"\")";
}

bool csv_read(Pack *pack, const SrcFile *f, CsvRowFn fn, void *ctx, char *delim)
{
  // An Excel `sep=X` first line gives the delimiter; the header is the next line.
  size_t off = sep_line(f->data, f->len, delim);
  if (off == 0)
    *delim = csv_delim(f->data, f->len);
  Reader r = {.sc = {.record = read_record, .field_max = pack->limits.csv_field, .delim = *delim},
              .pack = pack, .file = f, .fn = fn, .ctx = ctx};
  byte_classes(&r);
  int first_diag = pack->diags.len;
  Pos bad;
  const char *problem = scan_text(&r.sc, f->data, f->len, off, off ? 2 : 1, &bad);
  free(r.pos);
  free(r.quoted);
  if (!problem)
    return true;
  pack->diags.len = first_diag;  // the file is not used: nor are its rows' findings
  bad.file = f->path;
  if (strcmp(problem, "field too long") == 0)
    diag_add(pack, bad, RULE_E_LIMIT, NULL, "CSV field longer than %ld bytes; file not used", pack->limits.csv_field);
  else
    diag_add(pack, bad, RULE_E_CSV, NULL, "CSV syntax error: %s: %s; file not used", problem, syntax_hint(problem));
  return false;
}

typedef struct {
  CsvHeaderFn header;
  CsvRowFn row;
  void *ctx;
  bool seen_header, header_ok;
} Table;

static void table_row(void *ctx, const CsvRow *r)
{
  Table *t = ctx;
  if (r->row == 0) {
    t->seen_header = true;
    t->header_ok = t->header(t->ctx, r);
  } else if (t->header_ok) {
    t->row(t->ctx, r);
  }
}

bool csv_read_table(Pack *pack, const SrcFile *f, CsvHeaderFn header, CsvRowFn row, void *ctx, const char *empty)
{
  Table t = {.header = header, .row = row, .ctx = ctx};
  char delim;
  bool parsed = csv_read(pack, f, table_row, &t, &delim);
  if (parsed && !t.seen_header && empty)
    diag_add(pack, (Pos){f->path, 0, 0}, RULE_E_CSV, NULL, "%s", empty);
  else if (parsed && !t.seen_header)
    diag_add(pack, (Pos){f->path, 0, 0}, RULE_E_CSV, NULL, "'%s' has no header row", f->path);
  return parsed && t.header_ok;
}

/* Bytes of a space a column name may be padded with at s: an ASCII space or
 * tab, U+00A0, U+2007, U+202F (no-break spaces) or U+200B (zero width); else 0. */
static int name_space_at(const char *s)
{
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] == ' ' || u[0] == '\t')
    return 1;
  if (u[0] == 0xC2 && u[1] == 0xA0)
    return 2;
  if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x87 || u[2] == 0xAF || u[2] == 0x8B))
    return 3;
  return 0;
}

/* s without the spaces around it: its start, and its length in *n. */
static const char *name_trim(const char *s, size_t *n)
{
  for (int k; (k = name_space_at(s)) > 0;)
    s += k;
  const char *e = s + strlen(s);
  for (bool more = true; more && e > s;) {
    more = false;
    for (int k = 1; k <= 3 && e - k >= s; k++)
      if (name_space_at(e - k) == k) {
        e -= k, more = true;
        break;
      }
  }
  *n = (size_t)(e - s);
  return s;
}

/* Whether a and b name the same column: equal but for ASCII case. */
static bool name_eq(const char *a, size_t na, const char *b, size_t nb)
{
  if (na != nb)
    return false;
  for (size_t i = 0; i < na; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
      return false;
  return true;
}

bool csv_name_is(const char *header, const char *name)
{
  size_t nh, nn;
  const char *h = name_trim(header, &nh), *m = name_trim(name, &nn);
  if (name_eq(h, nh, m, nn))
    return true;
  // A name that looks the same is the same: a zero-width space, a Unicode
  // dash or a Cyrillic letter pasted into it shows nothing of itself.
  char look[256];
  bool ascii = true;
  for (size_t i = 0; i < nh; i++)
    ascii &= (unsigned char)h[i] < 0x80;
  // (Not a second byte-order mark: the readers refuse that file, saying so.)
  if (ascii || nh >= sizeof look / 4 || strstr(header, "\xEF\xBB\xBF"))
    return false;
  char copy[sizeof look / 4 + 1];
  memcpy(copy, h, nh);
  copy[nh] = '\0';
  utf8_skeleton(copy, look, sizeof look);
  const char *l = name_trim(look, &nh);
  return name_eq(l, nh, m, nn);
}

/* Index of header column name (case-insensitive, trimmed), or -1. */
int csv_col(char **header, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (csv_name_is(header[i], name))
      return i;
  return -1;
}

int csv_col_twice(char **header, int n, const char *const *names, const char **name)
{
  for (int j = 1; j < n; j++)
    for (const char *const *k = names; *k; k++)
      if (csv_name_is(header[j], *k) && csv_col(header, n, *k) < j) {
        *name = *k;
        return j;
      }
  return -1;
}

const char *csv_field(char **f, int nf, int c)
{
  return c >= 0 && c < nf ? f[c] : "";
}

Pos csv_pos(const CsvRow *r, int c)
{
  if (c >= 0 && c < r->nf)
    return r->pos[c];
  return (Pos){r->pos[0].file, r->line, 1};
}

bool csv_row_fits(Pack *pack, const CsvRow *r, int header_nf, const Objective *o)
{
  for (int i = header_nf; i < r->nf; i++) {
    if (*r->f[i]) {
      diag_add(pack, r->pos[i], RULE_P_VALUE, o,
               "row has %d fields, the header %d: an unquoted decimal comma? Quote the value (\"4,5\"), "
               "or save the file with ';' as its delimiter; row not used",
               r->nf, header_nf);
      return false;
    }
  }
  return true;
}

//
// The text of a CSV file
//

/* Line and column (characters) of offset off in s. */
static Pos text_pos(const char *file, const char *s, size_t off)
{
  Pos p = text_pos_at(s, 0, 1, off);
  p.file = file;
  return p;
}

static void put_utf8(Buf *b, uint32_t c)
{
  char u[4];
  int n;
  if (c < 0x80) u[0] = (char)c, n = 1;
  else if (c < 0x800) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  else if (c < 0x10000) u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F)), u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  else u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3F)), u[2] = (char)(0x80 | (c >> 6 & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
  buf_add(b, u, (size_t)n);
}

/* UTF-16 (after its BOM) as UTF-8 into out; false at an unpaired surrogate or an odd byte. */
static bool utf16_decode(const unsigned char *s, size_t n, bool be, Buf *out)
{
  size_t i = 0;
  while (i + 1 < n) {
    uint32_t c = be ? (uint32_t)s[i] << 8 | s[i + 1] : (uint32_t)s[i + 1] << 8 | s[i];
    i += 2;
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 1 >= n)
        return false;
      uint32_t c2 = be ? (uint32_t)s[i] << 8 | s[i + 1] : (uint32_t)s[i + 1] << 8 | s[i];
      if (c2 < 0xDC00 || c2 > 0xDFFF)
        return false;
      i += 2;
      c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return false;
    }
    put_utf8(out, c);
  }
  return i == n;
}

static const char *const enc_iconv[] = {"UTF-8", "WINDOWS-1252", "ISO-8859-1", "ISO-8859-15", "WINDOWS-1250"};
static const char *const enc_names[] = {"utf-8", "windows-1252", "iso-8859-1", "iso-8859-15", "windows-1250"};

int csv_encoding_parse(const char *s)
{
  static const char *const alias[] = {"utf8", "cp1252", "latin1", "latin9", "cp1250"};
  static const char *const alias2[] = {NULL, "windows1252", NULL, NULL, "windows1250"};
  for (int e = 0; e < (int)(sizeof enc_names / sizeof *enc_names); e++)
    if (str_ieq(s, enc_names[e]) || str_ieq(s, alias[e]) || (alias2[e] && str_ieq(s, alias2[e])))
      return e;
  return -1;
}

/* An 8-bit encoding as UTF-8 through iconv (locale-independent); the offset of
 * a byte that is no character of it, or -1. */
static long iconv_decode(CsvEncoding enc, const char *s, size_t n, Buf *out)
{
  iconv_t cd = iconv_open("UTF-8", enc_iconv[enc]);
  if (cd == (iconv_t)-1)
    die("cannot convert from %s: %s", enc_names[enc], strerror(errno));
  buf_grow(out, 3 * n + 1);
  char *in = (char *)s, *o = out->s + out->len;
  size_t in_left = n, out_left = 3 * n + 1;
  long bad = -1;
  if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1)
    bad = (long)(in - s);
  out->len = (size_t)(o - out->s);
  out->s[out->len] = '\0';
  iconv_close(cd);
  return bad;
}

/* UTF-16 text after its BOM (data[0..n)) as UTF-8 in b; NULL after E-UTF8. */
static char *utf16_text(Pack *pack, const char *path, const unsigned char *u, size_t n, Buf *b)
{
  bool ok = utf16_decode(u + 2, n - 2, u[0] == 0xFE, b);
  buf_putc(b, '\0');
  b->len--;
  if (!ok) {
    diag_add(pack, text_pos(path, b->s, b->len), RULE_E_UTF8, NULL,
             "invalid UTF-16 (an unpaired surrogate or an odd byte); file not used");
    return NULL;
  }
  return b->s;
}

/* Text in the 8-bit encoding enc as UTF-8 in b; NULL after E-UTF8 (a byte
 * that is no character of enc, or a file that is UTF-8 beyond ASCII). */
static char *eight_bit_text(Pack *pack, const char *path, const char *data, size_t n, CsvEncoding enc, Buf *b)
{
  const unsigned char *u = (const unsigned char *)data;
  // A file that is valid UTF-8 beyond ASCII is no 8-bit export: reading it
  // as one would garble its text, so it is refused rather than guessed.
  long bad8 = utf8_check(data, n);
  size_t i = 0;
  while (bad8 < 0 && i < n && u[i] < 0x80)
    i++;
  if (bad8 < 0 && i < n) {
    diag_add(pack, text_pos(path, data, i), RULE_E_UTF8, NULL,
             "this file is UTF-8, but csv.encoding in pack.yml says %s: save it with a BOM "
             "(Excel: \"CSV UTF-8\"), or as \"CSV (delimited)\" again; file not used",
             enc_names[enc]);
    return NULL;
  }
  // One pasted UTF-8 text in an 8-bit file: "ü" as C3 BC would read as "Ã¼".
  // In windows-1252 or Latin-1 text, Â or Ã before a symbol of 0x80-0xBF is
  // all but unknown, so such a pair is taken for UTF-8 and refused; but for
  // the punctuation that may follow a word ending in Ã (Portuguese: IRMÃ…,
  // “MAÇÃ”): the ellipsis, quotes, a bullet, dashes, ™, ›, a no-break
  // space, « and ».
  static const char after_word[] = "\x85\x91\x92\x93\x94\x95\x96\x97\x99\x9B\xA0\xAB\xBB";
  for (i = 0; i + 1 < n; i++)
    if ((u[i] == 0xC2 || u[i] == 0xC3) && u[i + 1] >= 0x80 && u[i + 1] <= 0xBF && enc != ENC_WINDOWS_1250 &&
        !(u[i] == 0xC3 && memchr(after_word, u[i + 1], sizeof after_word - 1))) {
      diag_add(pack, text_pos(path, data, i), RULE_E_UTF8, NULL,
               "bytes 0x%02X 0x%02X are a character of UTF-8, in a file csv.encoding in pack.yml says is %s: "
               "text from another file was pasted in; save the file again in one encoding; file not used",
               u[i], u[i + 1], enc_names[enc]);
      return NULL;
    }
  long bad = iconv_decode(enc, data, n, b);
  if (bad >= 0) {
    diag_add(pack, text_pos(path, b->s, b->len), RULE_E_UTF8, NULL,
             "byte 0x%02X is no character in %s (csv.encoding in pack.yml); file not used", u[bad], enc_names[enc]);
    return NULL;
  }
  return b->s;
}

/* Whether text[0..len) is valid UTF-8 without control characters; else E-UTF8. */
static bool utf8_text_ok(Pack *pack, const char *path, const char *text, size_t len)
{
  long bad = utf8_check(text, len);
  if (bad < 0) {  // C1 control characters: a windows-1252 file read as Latin-1 gives them
    for (const char *p = memchr(text, 0xC2, len); p && p + 1 < text + len;
         p = memchr(p + 1, 0xC2, (size_t)(text + len - p - 1)))
      if ((unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9F) {
        diag_add(pack, text_pos(path, text, (size_t)(p - text)), RULE_E_UTF8, NULL,
                 "control character U+%04X is not allowed in text; file not used%s", (unsigned char)p[1],
                 pack->csv.encoding == ENC_ISO_8859_1 || pack->csv.encoding == ENC_ISO_8859_15
                     ? " (is it windows-1252, as Excel writes? set csv.encoding in pack.yml)"
                     : "");
        return false;
      }
    return true;
  }
  unsigned char c = (unsigned char)text[bad];
  Pos p = text_pos(path, text, (size_t)bad);
  if (c < 0x20)
    diag_add(pack, p, RULE_E_UTF8, NULL, "control character U+%04X is not allowed in text; file not used", c);
  else
    diag_add(pack, p, RULE_E_UTF8, NULL,
             "invalid UTF-8 (byte 0x%02X); file not used: save it as \"CSV UTF-8\", or set csv.encoding "
             "in pack.yml (windows-1252 for Excel's \"CSV (delimited)\")",
             c);
  return false;
}

bool csv_text(Pack *pack, SrcFile *f, char *data, size_t n)
{
  const unsigned char *u = (const unsigned char *)data;
  Buf b;
  buf_init(&b);
  char *text = data;
  size_t len = n;
  bool utf16 = n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
  bool bom8 = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  CsvEncoding enc = pack->csv.encoding;
  if (utf16)
    text = utf16_text(pack, f->path, u, n, &b), len = b.len;
  else if (bom8)
    text = data + 3, len = n - 3;
  else if (enc != ENC_UTF8)
    text = eight_bit_text(pack, f->path, data, n, enc, &b), len = b.len;
  if (!text || !utf8_text_ok(pack, f->path, text, len)) {
    buf_release(&b);
    free(data);
    return false;
  }
  if (text == data + 3)
    memmove(data, data + 3, len + 1);
  if (text == b.s) {
    free(data);
    data = b.s;
  } else {
    buf_release(&b);
  }
  f->data = data;
  f->len = len;
  return true;
}

//
// Numbers and dates
//

/* Bytes of a space that may group digits at s: ' ', U+00A0 or U+202F; else 0. */
static int space_at(const char *s)
{
  if (s[0] == ' ')
    return 1;
  if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
    return 2;
  if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
    return 3;
  return 0;
}

static const char *sep_name(char c)
{
  return c == '.' ? "\".\"" : c == ',' ? "\",\"" : c == ' ' ? "\" \"" : c == '\'' ? "\"'\"" : "none";
}

/* Bytes of a grouping space that ends at e (after s), or 0. */
static int space_before(const char *s, const char *e)
{
  if (e > s && e[-1] == ' ')
    return 1;
  if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
    return 2;
  if (e - s >= 3 && (unsigned char)e[-3] == 0xE2 && (unsigned char)e[-2] == 0x80 && (unsigned char)e[-1] == 0xAF)
    return 3;
  return 0;
}

/* Trim the spaces around [*s, *e) and a '%' suffix (where pct allows one); the problem, or NULL. */
static const char *num_trim(const char **s, const char **e, bool pct)
{
  int k;
  while ((k = space_at(*s)) > 0)
    *s += k;
  while ((k = space_before(*s, *e)) > 0)
    *e -= k;
  if (*e > *s && (*e)[-1] == '%') {
    if (!pct)
      return "a '%' value is accepted only for a measure whose unit is %, percent or per cent";
    --*e;
    while ((k = space_before(*s, *e)) > 0)
      *e -= k;
  }
  return NULL;
}

/* The decimal marks a file may use: dec[0], and dec[1] when either may be. */
static void decimal_marks(const Pack *pack, char delim, char dec[2])
{
  char T = pack->csv.thousands;
  dec[0] = dec[1] = 0;
  if (pack->csv.decimal)
    dec[0] = pack->csv.decimal;
  else if (delim == ',')
    dec[0] = T == '.' ? ',' : '.';
  else if (T == '.' || T == ',')
    dec[0] = T == '.' ? ',' : '.';
  else
    dec[0] = '.', dec[1] = ',';
}

/* A number's digits and the separators between them. */
typedef struct {
  char clean[128];  // an optional '-', the digits and the separators (spaces as ' ')
  size_t nc;
  char seps[64];    // the separators
  int after[64];    // digits after each separator, up to the next
  int nsep, ndigits, lead;  // lead: digits before the first separator
} NumShape;

/* The shape of s[0..e); the problem, or NULL. */
static const char *num_scan(const char *s, const char *e, NumShape *ns)
{
  const char *p = s;
  ns->nc = 0, ns->nsep = ns->ndigits = ns->lead = 0;
  if (p < e && *p == '-')
    ns->clean[ns->nc++] = *p++;
  while (p < e) {
    if (*p >= '0' && *p <= '9') {
      if (ns->nc >= sizeof ns->clean - 2)
        return "too many digits";
      ns->clean[ns->nc++] = *p++;
      ns->ndigits++;
      if (ns->nsep)
        ns->after[ns->nsep - 1]++;
      else
        ns->lead++;
      continue;
    }
    char c = *p;
    int w = 1, k;
    if ((k = space_at(p)) > 0)
      c = ' ', w = k;
    else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99)
      c = '\'', w = 3;  // U+2019, the apostrophe Excel groups digits with in Switzerland
    else if (c != '.' && c != ',' && c != '\'')
      return "not a number";
    if (ns->nsep == 64 || (ns->nsep ? ns->after[ns->nsep - 1] : ns->lead) == 0)
      return "not a number";
    ns->seps[ns->nsep] = c;
    ns->after[ns->nsep++] = 0;
    ns->clean[ns->nc++] = c;
    p += w;
  }
  if (ns->ndigits == 0 || (ns->nsep && ns->after[ns->nsep - 1] == 0))
    return "not a number";
  ns->clean[ns->nc] = '\0';
  return NULL;
}

/* Which separator is the decimal mark (*point, -1 for none), every other one
 * a thousands separator in its place; the problem, or NULL. */
static const char *num_separators(Pack *pack, const NumShape *ns, const char dec[2], int *point)
{
  Arena *a = &pack->arena;
  char T = pack->csv.thousands;
  int nsep = ns->nsep;
  const char *seps = ns->seps;
  *point = -1;  // the last separator, when it may be one
  if (nsep && (seps[nsep - 1] == dec[0] || (dec[1] && seps[nsep - 1] == dec[1])) && seps[nsep - 1] != T)
    *point = nsep - 1;
  for (int i = 0; i < nsep; i++) {
    if (i == *point)
      continue;
    if (T && seps[i] != T && (seps[i] == dec[0] || seps[i] == dec[1]))
      return arena_printf(a, "the decimal mark '%c' must come after every thousands separator (csv.thousands: %s)",
                          seps[i], sep_name(T));
    if (!T || seps[i] != T) {
      if (nsep == 1 && !T && dec[1])  // ';' or tab, decimal auto: '.' and ',' are marks, this is not
        return arena_printf(a, "'%c' is no decimal mark; set csv.thousands: %s in pack.yml if it groups digits",
                            seps[i], sep_name(seps[i]));
      if (nsep == 1 && !T)
        return arena_printf(a, "'%c' is not this file's decimal mark (%s%s); set csv.decimal in pack.yml, or "
                               "csv.thousands if it groups digits",
                            seps[i], pack->csv.decimal ? "csv.decimal: " : "a ','-delimited file uses ",
                            sep_name(dec[0]));
      if (!T)
        return "digits are grouped, but csv.thousands in pack.yml is none: set it to the grouping character";
      return arena_printf(a, "'%c' is neither the decimal mark nor the thousands separator (csv.thousands: %s)",
                          seps[i], sep_name(T));
    }
    // A thousands separator: before the decimal mark, in groups of three,
    // after a first group that does not start with 0 (0,500 groups nothing).
    if (ns->after[i] != 3 || (i == 0 && ns->lead > 3))
      return arena_printf(a, "the thousands separator (csv.thousands: %s) must group digits in threes", sep_name(T));
    if (i == 0 && ns->clean[ns->clean[0] == '-'] == '0')
      return arena_printf(a, "a number grouped by the thousands separator (csv.thousands: %s) cannot start with 0%s",
                          sep_name(T), T == '.' ? "; is '.' a decimal mark here?" : T == ',' ? "; is ',' a decimal mark here?" : "");
  }
  return NULL;
}

/* The ambiguity rule: one separator, exactly three digits after it, either
 * mark possible; the refusal naming both readings, or NULL.  Either is
 * possible when the file's delimiter leaves both ('.' and ','), and for a
 * '.' in a ','-delimited file of a pack in German or French, where '.'
 * groups thousands (1.105 is 1105 as such a spreadsheet shows it), unless
 * csv.decimal says which. */
static const char *num_ambiguous(Pack *pack, const NumShape *ns, const char dec[2], int point)
{
  const char *clean = ns->clean;
  bool either = dec[1] || (!pack->csv.decimal && pack->language != LANG_EN && ns->nsep == 1 && ns->seps[0] == '.');
  if (pack->csv.thousands || ns->nsep != 1 || point != 0 || !either || ns->after[0] != 3 || ns->lead > 3 ||
      clean[clean[0] == '-'] == '0')
    return NULL;
  double as_dec, as_int;
  char t[128];
  size_t nt = 0;
  for (size_t i = 0; i < ns->nc; i++)
    if (clean[i] != ns->seps[0])
      t[nt++] = clean[i];
  t[nt] = '\0';
  num_parse(t, false, &as_int);
  num_parse(clean, true, &as_dec);
  char sep = ns->seps[0];
  return arena_printf(&pack->arena,
                      "ambiguous: %.15g with '%c' as the decimal mark (csv.decimal: %s), or %.15g with '%c' "
                      "grouping thousands (csv.thousands: %s); set one of them under csv: in pack.yml",
                      as_dec, sep, sep_name(sep), as_int, sep, sep_name(sep));
}

/* The plain decimal that remains: the digits, and '.' for the decimal mark. */
static bool num_value(const NumShape *ns, int point, double *v)
{
  char t[128];
  size_t nt = 0;
  for (size_t i = 0, si = 0; i < ns->nc; i++) {
    char c = ns->clean[i];
    if (c >= '0' && c <= '9') {
      t[nt++] = c;
    } else if (c == '-' && i == 0) {
      t[nt++] = '-';
    } else {
      if ((int)si == point)
        t[nt++] = '.';
      si++;
    }
  }
  t[nt] = '\0';
  return num_parse(t, false, v);
}

const char *csv_number(Pack *pack, char delim, const char *str, bool pct, double *v)
{
  const char *s = str, *e = str + strlen(str), *why;
  if ((why = num_trim(&s, &e, pct)))
    return why;
  char dec[2];
  decimal_marks(pack, delim, dec);
  NumShape ns;
  int point;
  if ((why = num_scan(s, e, &ns)) || (why = num_separators(pack, &ns, dec, &point)) ||
      (why = num_ambiguous(pack, &ns, dec, point)))
    return why;
  if (!num_value(&ns, point, v))
    return "not a number";
  if (fabs(*v) >= NUM_LIMIT)
    return "more than 15 digits before the decimal mark: numbers are read exactly only below 10^15";
  return NULL;
}

static const char *const date_formats[] = {"YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY"};

/* s in the form of format df (two-digit day and month, four-digit year) as YYYY-MM-DD in iso. */
static bool date_shape(const char *s, DateFormat df, char iso[11])
{
  char sep = df == DF_DMY_DOT ? '.' : '/';
  if (strlen(s) != 10 || s[2] != sep || s[5] != sep)
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
      return false;
  const char *dd = df == DF_MDY_SLASH ? s + 3 : s, *mm = df == DF_MDY_SLASH ? s : s + 3;
  memcpy(iso, s + 6, 4);
  iso[4] = '-', iso[5] = mm[0], iso[6] = mm[1], iso[7] = '-', iso[8] = dd[0], iso[9] = dd[1], iso[10] = '\0';
  return true;
}

/* A date's year before 1900: "04.03.0026" is a year typed short, no year meant. */
static const char *early(const Date *d)
{
  char iso[11];
  date_format(*d, iso);
  return strncmp(iso, "1900", 4) < 0 ? "a year before 1900: write the year in full" : NULL;
}

const char *csv_date(Pack *pack, const char *s, Date *d)
{
  if (date_parse(s, d))
    return early(d);
  DateFormat df = pack->csv.date;
  char iso[11];
  if (df != DF_ISO) {
    if (date_shape(s, df, iso)) {
      if (date_parse(iso, d))
        return early(d);
      return arena_printf(&pack->arena, "not a real date in the form %s (csv.date in pack.yml)", date_formats[df]);
    }
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789") == 4 &&
        strspn(s + 5, "0123456789") == 2 && strspn(s + 8, "0123456789") == 2)
      return "not a real date in the form YYYY-MM-DD";
    return arena_printf(&pack->arena, "expected %s (csv.date in pack.yml) or YYYY-MM-DD%s", date_formats[df],
                        *s == ' ' || (*s && s[strlen(s) - 1] == ' ') ? ", without spaces around it" : "");
  }
  Date any;
  char us[11];
  if (date_shape(s, DF_DMY_DOT, iso))
    return date_parse(iso, &any) ? "expected YYYY-MM-DD; for DD.MM.YYYY set csv.date: DD.MM.YYYY in pack.yml"
                                 : "not a real date (as DD.MM.YYYY), and not YYYY-MM-DD";
  if (date_shape(s, DF_DMY_SLASH, iso))
    return date_parse(iso, &any) || (date_shape(s, DF_MDY_SLASH, us) && date_parse(us, &any))
               ? "expected YYYY-MM-DD; for this form set csv.date: DD/MM/YYYY (or MM/DD/YYYY) in pack.yml"
               : "not a real date (as DD/MM/YYYY or MM/DD/YYYY), and not YYYY-MM-DD";
  return "expected a real date, YYYY-MM-DD (csv.date in pack.yml adds DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY)";
}

//
// csv_scan: any CSV text (evaluation.csv of an earlier pack)
//

typedef struct {
  Scanner sc;            // first: the record function gets it
  CsvRecordFn fn;
  void *ctx;
} PlainScan;

static void scan_record(Scanner *sc, char **f)
{
  PlainScan *r = (PlainScan *)sc;
  sc->stop = !r->fn(r->ctx, f, sc->n, sc->rec_line);
}

const char *csv_scan(const char *s, size_t n, char delim, long field_max, CsvRecordFn fn, void *ctx, int *bad_line)
{
  PlainScan r = {.sc = {.record = scan_record, .field_max = field_max, .delim = delim}, .fn = fn, .ctx = ctx};
  Pos bad = {0};
  const char *problem = scan_text(&r.sc, s, n, 0, 1, &bad);
  *bad_line = bad.line;
  return problem;
}
