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
  Pack *pack;
  const SrcFile *file;
  CsvRowFn fn;
  void *ctx;
  Buf data;              // the current row's fields, NUL-separated
  size_t *offs; int n, cap;
  long rows;             // records seen, the header included
  int rec_line;          // line where the current record opened
  int field_line;        // line where the next field opens
  bool between;          // no record is open
  bool row_done;         // a record ended in the current chunk
  bool field_done;       // a field ended in the current chunk
  bool too_long;
  int too_long_line;
} Reader;

static int space_only(unsigned char c)
{
  return c == ' ';
}

static void on_field(void *s, size_t len, void *data)
{
  Reader *r = data;
  r->field_done = true;
  if ((long)len > r->pack->limits.csv_field && !r->too_long) {
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
  Reader *r = data;
  r->row_done = true;
  if (r->too_long)
    return;
  char *fields_stack[32];
  char **f = r->n <= 32 ? fields_stack : xmalloc((size_t)r->n * sizeof *f);
  bool empty = true;
  for (int i = 0; i < r->n; i++) {
    f[i] = r->data.s + r->offs[i];
    empty &= f[i][0] == '\0';
  }
  if (!empty)
    r->fn(r->ctx, f, r->n, r->rec_line, r->rows++);
  if (f != fields_stack)
    free(f);
  r->n = 0;
  r->data.len = 0;
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

bool csv_read(Pack *pack, const SrcFile *f, CsvRowFn fn, void *ctx, char *delim)
{
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    die("cannot initialise the CSV parser");
  *delim = csv_delim(f->data, f->len);
  csv_set_delim(&p, (unsigned char)*delim);
  csv_set_space_func(&p, space_only);

  Reader r = {.pack = pack, .file = f, .fn = fn, .ctx = ctx, .between = true};
  buf_init(&r.data);
  int first_diag = pack->diags.len;
  int line = 1, bad_line = 0;
  const char *problem = NULL;
  size_t off = 0;
  while (off < f->len && !problem) {
    const char *nl = memchr(f->data + off, '\n', f->len - off);
    size_t len = nl ? (size_t)(nl - (f->data + off)) + 1 : f->len - off;
    const char *chunk = f->data + off;
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
      blank = chunk[i] == ' ' || chunk[i] == '\t' || chunk[i] == '\r' || chunk[i] == '\n';
    if (r.between)
      r.rec_line = r.field_line = line;
    r.row_done = r.field_done = false;
    if (csv_parse(&p, chunk, len, on_field, on_row, &r) != len) {
      problem = "malformed quoted field";
      bad_line = r.field_done ? line : r.n == 0 ? r.rec_line : r.field_line;
    } else if (r.too_long) {
      problem = "field too long";
      bad_line = r.too_long_line;
    }
    if (r.row_done)
      r.between = true;
    else if (!blank)
      r.between = false;
    if (r.field_done && !r.row_done)
      r.field_line = line;  // a field ended on this line; the next one opens here
    off += len;
    line++;
  }
  if (!problem && csv_fini(&p, on_field, on_row, &r) != 0) {
    problem = "quoted field never closed";
    bad_line = r.n == 0 ? r.rec_line : r.field_line;
  }
  if (!problem && r.too_long) {
    problem = "field too long";
    bad_line = r.too_long_line;
  }
  csv_free(&p);
  buf_release(&r.data);
  free(r.offs);

  if (problem) {
    pack->diags.len = first_diag;  // the file is not used: nor are its rows' findings
    Pos pos = {f->path, bad_line, 1};
    if (r.too_long)
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
