/*
 * csvtab.c - one CSV reader for the registers and the progress files.
 *
 * libcsv does the quoting; this file adds what it lacks: the delimiter,
 * detected from the header line (',', ';' or tab, whichever is most frequent
 * outside quotes), and source positions.  libcsv reports none, so the file is
 * fed one line at a time and a record's line is the line where its first
 * field opens.  Rows are handed to the caller one by one, the header first;
 * a syntax error or a field over the limit stops the file, takes back the
 * findings its rows raised, and reports one finding at the line where the
 * broken field opens: the caller then drops what it kept (SPEC section 1).
 */
#include "objreg.h"

#include <csv.h>
#include <string.h>

typedef struct {
  CsvRecordFn fn;
  void *ctx;
  long field_max;        // bytes
  Buf data;              // the current record's fields, NUL-separated
  size_t *offs; int n, cap;
  int rec_line;          // line where the current record opened
  int field_line;        // line where the next field opens
  bool between;          // no record is open
  bool row_done;         // a record ended in the current chunk
  bool field_done;       // a field ended in the current chunk
  bool stop;             // fn asked to stop
  bool too_long;
  int too_long_line;
} Scanner;

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
  r->stop = !r->fn(r->ctx, f, r->n, r->rec_line);
  if (f != fields_stack)
    free(f);
  r->n = 0;
  buf_reset(&r->data);
}

/* Whether s[0..n) holds only white space (libcsv skips such a line). */
static bool blank_line(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
      return false;
  return true;
}

/* Feed s[0..n) to p one line at a time, so that each record knows its line;
 * the problem and its line (where the broken field opens), or NULL. */
static const char *scan_lines(struct csv_parser *p, Scanner *r, const char *s, size_t n, int *bad_line)
{
  int line = 1;
  for (size_t off = 0; off < n && !r->stop; line++) {
    const char *nl = memchr(s + off, '\n', n - off);
    size_t len = nl ? (size_t)(nl - (s + off)) + 1 : n - off;
    if (r->between)
      r->rec_line = r->field_line = line;
    r->row_done = r->field_done = false;
    if (csv_parse(p, s + off, len, on_field, on_row, r) != len) {
      *bad_line = r->field_done ? line : r->n == 0 ? r->rec_line : r->field_line;
      return "malformed quoted field";
    }
    if (r->too_long)
      return *bad_line = r->too_long_line, "field too long";
    if (r->row_done)
      r->between = true;
    else if (!blank_line(s + off, len))
      r->between = false;
    if (r->field_done && !r->row_done)
      r->field_line = line;  // a field ended on this line; the next one opens here
    off += len;
  }
  if (!r->stop && csv_fini(p, on_field, on_row, r) != 0) {
    *bad_line = r->n == 0 ? r->rec_line : r->field_line;
    return "quoted field never closed";
  }
  if (r->too_long)
    return *bad_line = r->too_long_line, "field too long";
  return NULL;
}

const char *csv_scan(const char *s, size_t n, char delim, long field_max, CsvRecordFn fn, void *ctx, int *bad_line)
{
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    die("cannot initialise the CSV parser");
  csv_set_delim(&p, (unsigned char)delim);
  csv_set_space_func(&p, space_only);
  Scanner r = {.fn = fn, .ctx = ctx, .field_max = field_max, .between = true};
  buf_init(&r.data);
  const char *problem = scan_lines(&p, &r, s, n, bad_line);
  csv_free(&p);
  buf_release(&r.data);
  free(r.offs);
  return problem;
}

/* ',', ';' or tab: the most frequent outside quotes in the header line. */
char csv_delim(const char *s, size_t n)
{
  size_t comma = 0, semi = 0, tab = 0;
  bool quoted = false;
  for (size_t i = 0; i < n && (quoted || s[i] != '\n'); i++) {
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

typedef struct {
  CsvRowFn fn;
  void *ctx;
  long rows;             // rows handed on, the header included
} RowReader;

/* A record of a pack's file: handed on unless every field is empty. */
static bool pack_record(void *ctx, char **f, int nf, int line)
{
  RowReader *r = ctx;
  bool empty = true;
  for (int i = 0; i < nf; i++)
    empty &= f[i][0] == '\0';
  if (!empty)
    r->fn(r->ctx, f, nf, line, r->rows++);
  return true;
}

bool csv_read(Pack *pack, const SrcFile *f, CsvRowFn fn, void *ctx, char *delim)
{
  *delim = csv_delim(f->data, f->len);
  RowReader r = {fn, ctx, 0};
  int first_diag = pack->diags.len, bad_line = 0;
  const char *problem = csv_scan(f->data, f->len, *delim, pack->limits.csv_field, pack_record, &r, &bad_line);
  if (problem) {
    pack->diags.len = first_diag;  // the file is not used: nor are its rows' findings
    Pos pos = {f->path, bad_line, 1};
    if (strcmp(problem, "field too long") == 0)
      diag_add(pack, pos, RULE_E_LIMIT, NULL, "CSV field longer than %ld bytes; file not used", pack->limits.csv_field);
    else
      diag_add(pack, pos, RULE_E_CSV, NULL, "CSV syntax error: %s; file not used", problem);
    return false;
  }
  return true;
}

/* Index of header column name (case-insensitive, trimmed), or -1. */
int csv_col(char **header, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (str_ieq(header[i], name))
      return i;
  return -1;
}

const char *csv_field(char **f, int nf, int c)
{
  return c >= 0 && c < nf ? f[c] : "";
}
