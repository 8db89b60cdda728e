/*
 * evaluation.c - evaluation.csv, the machine-readable record of one build's
 * evaluation, and reading it back for `build --since PREVIOUS_OUT`.
 *
 * evaluation_write() prints the pack's state (change.c): one row per
 * objective (its status, RAG and progress; title, owner, due, level and
 * links) followed by one row per measure (status, RAG, progress p, latest
 * value and date; target, baseline, direction, unit) and one per action
 * (latest status, owner, due), objectives in pack order, every row carrying
 * the evaluation date.  Fields are quoted by
 * libcsv's csv_fwrite() when they need it; numbers print in the C locale
 * (progress with 4 decimals, values as num_text writes them: up to 15
 * significant digits, no exponent), so the file is the same
 * bytes for the same inputs.
 *
 * previous_read() accepts only a folder objreg wrote (its manifest.json says
 * "tool": "objreg") whose files pass its own SHA256SUMS, and parses
 * DIR/evaluation.csv with csvtab.c's csv_scan(),
 * so that a problem names the line where its record opens (or, for a syntax
 * error, where the broken field opens).  The file must be exactly what
 * evaluation_write() writes: the header, its number of fields per row, known
 * kinds, numbers and dates that parse, and one evaluation date throughout.
 * The ten columns of objreg 1.0 still read, without definitions, and the
 * nineteen before achieved_when was recorded, without its changes.
 * Anything else is refused with one message; the model is never touched.
 */
#include "objreg.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EVAL_COLS 20
#define EVAL_COLS_NO_AW 19  // before achieved_when was recorded: its changes are not compared
#define EVAL_COLS_1_0 10    // objreg 1.0: no definitions, no action rows
#define EVAL_MAX_BYTES (64L * 1024 * 1024)  // far above any real pack's file

static const char *const eval_header[EVAL_COLS] = {
    "kind",  "objective", "measure", "title",  "status",   "rag",       "progress", "latest", "latest_date", "as_of",
    "action", "owner",    "due",     "level",  "target",   "baseline",  "direction", "unit",  "links",
    "achieved_when"};

//
// Writing
//

/* Whether a field must be quoted: a delimiter, quote, line break or edge space. */
static bool eval_csv_needs_quotes(const char *s)
{
  size_t n = strlen(s);
  if (n && (s[0] == ' ' || s[n - 1] == ' '))
    return true;
  return strpbrk(s, ",\"\r\n") != NULL;
}

/* One field, and the comma or line end after it; false on a write error. */
static bool eval_csv_field(FILE *f, const char *s, bool last)
{
  s = s ? s : "";
  bool ok = eval_csv_needs_quotes(s) ? csv_fwrite(f, s, strlen(s)) == 0 : fputs(s, f) >= 0;
  return ok && fputc(last ? '\n' : ',', f) != EOF;
}

/* One row of EVAL_COLS fields. */
static bool eval_csv_row(FILE *f, const char *const *v)
{
  bool ok = true;
  for (int i = 0; i < EVAL_COLS; i++)
    ok = ok && eval_csv_field(f, v[i], i == EVAL_COLS - 1);
  return ok;
}

/* One row of the state, as evaluation.csv writes it. */
static bool eval_csv_state(FILE *f, const StateRow *r, const char *as_of)
{
  static const char *const kinds[] = {"objective", "measure", "action"};
  char progress[32] = "", latest[48] = "", date[11] = "";
  if (r->has_progress)  // short of the whole, never "1.0000": read back, it would be 100 % (SPEC 20)
    snprintf(progress, sizeof progress, "%.4f", r->progress < 1 && r->progress > 0.9999 ? 0.9999 : r->progress);
  if (r->has_latest) {
    num_text(r->latest, latest);
    date_format(r->latest_date, date);
  }
  bool m = r->kind == SR_MEASURE, a = r->kind == SR_ACTION;
  const char *v[EVAL_COLS] = {kinds[r->kind], r->objective, m ? r->item : "", r->title, r->status, r->rag,
                              progress, latest, date, as_of, a ? r->item : "", r->owner, r->due, r->level,
                              r->target, r->baseline, r->direction, r->unit, r->links, m ? r->achieved_when : ""};
  return eval_csv_row(f, v);
}

/* Write evaluation.csv to path; 0, or -1 after "objreg: error: cannot write 'evaluation.csv': REASON". */
int evaluation_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  char as_of[11];
  date_format(bi->as_of, as_of);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", path_base(path), strerror(errno));
    return -1;
  }
  PackState st;
  state_from_pack(pack, ev, &st);
  bool ok = eval_csv_row(f, eval_header);
  for (int i = 0; i < st.n && ok; i++)
    ok = eval_csv_state(f, &st.rows[i], as_of);
  state_release(&st);
  int err = ok ? 0 : errno ? errno : EIO;
  if (fflush(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (err) {
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", path_base(path), strerror(err));
    remove(path);
    return -1;
  }
  return 0;
}

//
// Reading back (--since)
//

typedef struct {
  PackState *prev;
  int cols;               // the header's: EVAL_COLS, EVAL_COLS_NO_AW or EVAL_COLS_1_0
  char **f;               // the current record's fields
  int nf;
  long records;           // records seen, the header included
  int rec_line;           // where the current record opened
  const char *problem;    // the first problem found, or NULL
  int problem_line;
  StateRow *rows;         // malloc-owned while reading
  int cap_rows;
} PrevReader;

/* Note the first problem, at the line where the current record opened. */
static void prev_fail(PrevReader *r, const char *problem)
{
  if (!r->problem) {
    r->problem = problem;
    r->problem_line = r->rec_line;
  }
}

/* A decimal number that parses whole and is finite. */
static bool prev_number(const char *s, double *out)
{
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || *end || errno || !isfinite(v))
    return false;
  *out = v;
  return true;
}

/* The header row: exactly the columns evaluation_write() writes, or the first 19 or 10 of them (earlier objreg). */
static void prev_header(PrevReader *r)
{
  bool same = r->nf == EVAL_COLS || r->nf == EVAL_COLS_NO_AW || r->nf == EVAL_COLS_1_0;
  for (int i = 0; i < r->nf && same; i++)
    same = strcmp(r->f[i], eval_header[i]) == 0;
  if (!same)
    prev_fail(r, "not the header objreg writes (kind,objective,measure,...)");
  r->cols = r->nf;
  r->prev->defs = r->nf != EVAL_COLS_1_0;
}

/* What is wrong with a data row, or NULL; fills row's kind, numbers and dates and *as_of. */
static const char *prev_check(const PrevReader *r, StateRow *row, Date *as_of)
{
  char **f = r->f;
  if (r->nf != r->cols)
    return r->cols == EVAL_COLS ? "a row without the 20 fields of the header"
           : r->cols == EVAL_COLS_NO_AW ? "a row without the 19 fields of the header"
                                         : "a row without the 10 fields of the header";
  static const char *const kinds[] = {"objective", "measure", "action"};
  int k = 0;
  while (k < 3 && strcmp(f[0], kinds[k]) != 0)
    k++;
  bool defs = r->cols != EVAL_COLS_1_0;
  if (k == 3 || (k == SR_ACTION && !defs))
    return defs ? "unknown kind (objective, measure or action)" : "unknown kind (objective or measure)";
  row->kind = (StateKind)k;
  if (!f[1][0])
    return "a row without an objective id";
  if (k != SR_MEASURE && f[2][0])
    return "a measure id on a row that is not a measure's";
  if (defs && k != SR_ACTION && f[10][0])
    return "an action id on a row that is not an action's";
  if (!date_parse(f[9], as_of))
    return "invalid as_of date";
  if (r->prev->as_of != DATE_NONE && *as_of != r->prev->as_of)
    return "as_of differs from the rows before";
  row->latest_date = DATE_NONE;
  row->has_progress = f[6][0] != '\0';
  if (row->has_progress && (!prev_number(f[6], &row->progress) || row->progress < 0 || row->progress > 1))
    return "invalid progress";
  row->has_latest = f[7][0] != '\0';
  if (row->has_latest && !prev_number(f[7], &row->latest))
    return "invalid latest value";
  if (f[8][0] && !date_parse(f[8], &row->latest_date))
    return "invalid latest_date";
  if (row->has_latest != (row->latest_date != DATE_NONE))
    return "a latest value without its date, or a date without a value";
  Date d;
  if (defs && f[12][0] && !date_parse(f[12], &d))
    return "invalid due date";
  if (r->cols == EVAL_COLS && (k == SR_MEASURE) != (f[19][0] != '\0'))
    return "achieved_when on a row that is not a measure's, or a measure without it";
  return NULL;
}

/* A data row into the rows read so far; a problem stops the file. */
static void prev_data(PrevReader *r)
{
  PackState *p = r->prev;
  StateRow row = {0};
  Date as_of;
  const char *problem = prev_check(r, &row, &as_of);
  if (problem) {
    prev_fail(r, problem);
    return;
  }
  p->as_of = as_of;
  Arena *A = &p->arena;
  const char *v[EVAL_COLS];
  for (int i = 0; i < EVAL_COLS; i++)
    v[i] = i < r->nf ? arena_strdup(A, r->f[i]) : "";
  row.objective = v[1];
  row.item = row.kind == SR_MEASURE ? v[2] : row.kind == SR_ACTION ? v[10] : NULL;
  row.title = v[3];
  row.status = v[4];
  row.rag = v[5];
  row.owner = v[11], row.due = v[12], row.level = v[13];
  row.target = v[14], row.baseline = v[15], row.direction = v[16], row.unit = v[17];
  row.links = v[18];
  row.achieved_when = v[19];
  if (p->n == r->cap_rows) {
    r->cap_rows = r->cap_rows ? 2 * r->cap_rows : 64;
    r->rows = xrealloc(r->rows, (size_t)r->cap_rows * sizeof *r->rows);
  }
  r->rows[p->n++] = row;
}

/* A record: the header, then the data rows; false after a problem. */
static bool prev_record(void *ctx, char **f, int nf, int line)
{
  PrevReader *r = ctx;
  r->f = f, r->nf = nf, r->rec_line = line;
  if (r->records++ == 0)
    prev_header(r);
  else
    prev_data(r);
  return !r->problem;
}

/* Parse the text of evaluation.csv (n bytes) into r; false with r->problem set. */
static bool prev_parse(PrevReader *r, const char *s, size_t n)
{
  int bad_line = 0;
  const char *problem = csv_scan(s, n, ',', LONG_MAX, prev_record, r, &bad_line);
  if (problem) {
    r->rec_line = bad_line;
    prev_fail(r, problem);
  }
  if (!r->problem && r->records == 0) {
    r->rec_line = 1;
    prev_fail(r, "empty file, not even the header");
  }
  return !r->problem;
}

/* dir/name opened for reading when it is a regular file: never through a
 * link, never blocking on a FIFO or a device (objreg writes neither into a
 * pack); NULL with errno set (ELOOP: a link; EINVAL: not a regular file). */
static FILE *prev_open(const char *dir, const char *name)
{
  Buf path;
  buf_init(&path);
  buf_printf(&path, "%s/%s", dir, name);
  int fd = open(path.s, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  buf_release(&path);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    close(fd);
    errno = EINVAL;
    return NULL;
  }
  if (fd < 0)
    return NULL;
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FILE *f = fdopen(fd, "rb");
  if (!f)
    close(fd);
  return f;
}

/* Why prev_open() or a read failed, for a message. */
static const char *prev_why(int err)
{
  return err == ELOOP ? "a symbolic link (a pack objreg wrote has none); not read"
         : err == EINVAL ? "not a regular file; not read"
                         : strerror(err);
}

/* Read dir/name whole (at most EVAL_MAX_BYTES), NUL-terminated; NULL with errno set. */
static char *prev_slurp(const char *dir, const char *name, size_t *n)
{
  FILE *f = prev_open(dir, name);
  return f ? read_stream(f, EVAL_MAX_BYTES, n) : NULL;
}

/* Whether dir holds a manifest.json objreg wrote; *as_of gets its "as_of" (or DATE_NONE). */
static bool prev_manifest(const char *dir, Date *as_of)
{
  size_t n;
  char *m = prev_slurp(dir, "manifest.json", &n);
  bool ok = m && strstr(m, "\"tool\": \"objreg\"") != NULL;
  const char *a = ok ? strstr(m, "\"as_of\": \"") : NULL;
  char date[11] = "";
  if (a && strlen(a) >= 20)
    memcpy(date, a + 10, 10);
  if (!date_parse(date, as_of))
    *as_of = DATE_NONE;
  free(m);
  return ok;
}

/* The SHA-256 of dir/name in hex; false with errno set when it cannot be read. */
static bool sums_file(const char *dir, const char *name, char hex[65])
{
  FILE *f = prev_open(dir, name);
  if (!f)
    return false;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
    die("cannot initialise SHA-256");
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    EVP_DigestUpdate(ctx, chunk, k);
  int err = ferror(f) ? (errno ? errno : EIO) : 0;
  fclose(f);
  unsigned char md[32];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, md, &n);
  EVP_MD_CTX_free(ctx);
  if (err) {
    errno = err;
    return false;
  }
  for (int i = 0; i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return true;
}

/* Check dir against its own SHA256SUMS (as `sha256sum -c` would), which must
 * list manifest.json and evaluation.csv; false after one message. */
static bool sums_verify(const char *dir)
{
  size_t n = 0;
  char *text = prev_slurp(dir, "SHA256SUMS", &n);
  if (!text) {
    fprintf(stderr, "objreg: error: --since '%s': cannot read 'SHA256SUMS' to check the pack against: %s\n", dir,
            prev_why(errno));
    return false;
  }
  bool ok = true, manifest = false, evaluation = false;
  int line = 1;
  for (char *s = text, *nl; ok && *s; s = nl + 1, line++) {
    nl = strchr(s, '\n');
    if (!nl) {
      fprintf(stderr, "objreg: error: --since '%s': 'SHA256SUMS' line %d: no line end\n", dir, line);
      ok = false;
      break;
    }
    *nl = '\0';
    const char *name = s + 66;
    bool hex = nl - s > 66 && s[64] == ' ' && (s[65] == ' ' || s[65] == '*');
    for (int i = 0; i < 64 && hex; i++)
      hex = strchr("0123456789abcdef", s[i]) && s[i];
    if (!hex || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      fprintf(stderr, "objreg: error: --since '%s': 'SHA256SUMS' line %d: not a checksum of a file of the pack\n",
              dir, line);
      ok = false;
      break;
    }
    char got[65];
    if (!sums_file(dir, name, got)) {
      fprintf(stderr, "objreg: error: --since '%s': cannot read '%s' to check it against SHA256SUMS: %s\n", dir, name,
              prev_why(errno));
      ok = false;
    } else if (memcmp(got, s, 64) != 0) {
      fprintf(stderr, "objreg: error: --since '%s': '%s' does not match SHA256SUMS: changed since objreg wrote it\n",
              dir, name);
      ok = false;
    }
    manifest |= strcmp(name, "manifest.json") == 0;
    evaluation |= strcmp(name, "evaluation.csv") == 0;
  }
  if (ok && (!manifest || !evaluation)) {
    fprintf(stderr, "objreg: error: --since '%s': 'SHA256SUMS' does not list '%s'\n", dir,
            manifest ? "evaluation.csv" : "manifest.json");
    ok = false;
  }
  free(text);
  return ok;
}

/* Read dir/evaluation.csv of a pack objreg wrote; -1 after one message on stderr. */
int previous_read(const char *dir, PackState *prev)
{
  memset(prev, 0, sizeof *prev);
  arena_init(&prev->arena);
  prev->as_of = DATE_NONE;
  Date manifest_as_of;
  struct stat st;
  const char *why = stat(dir, &st) != 0 ? strerror(errno) : !S_ISDIR(st.st_mode) ? "not a folder" : NULL;
  if (why) {
    fprintf(stderr, "objreg: error: --since '%s': %s\n", dir, why);
    return -1;
  }
  if (!prev_manifest(dir, &manifest_as_of)) {
    fprintf(stderr, "objreg: error: --since '%s': not an evidence pack objreg wrote (no objreg manifest.json)\n",
            dir);
    return -1;
  }
  if (!sums_verify(dir))
    return -1;
  size_t n = 0;
  char *text = prev_slurp(dir, "evaluation.csv", &n);
  if (!text) {
    fprintf(stderr, "objreg: error: --since '%s': cannot read 'evaluation.csv': %s\n", dir, prev_why(errno));
    return -1;
  }
  PrevReader r = {.prev = prev};
  bool ok = prev_parse(&r, text, n);
  free(text);
  if (ok && prev->as_of == DATE_NONE)  // no objective: the date of the pack
    prev->as_of = manifest_as_of;
  if (ok && prev->as_of == DATE_NONE) {
    r.rec_line = 1;
    prev_fail(&r, "no row and no as_of in manifest.json to take the evaluation date from");
    ok = false;
  }
  if (!ok) {
    fprintf(stderr, "objreg: error: --since '%s': 'evaluation.csv' line %d: %s\n", dir, r.problem_line, r.problem);
    free(r.rows);
    state_release(prev);
    return -1;
  }
  prev->rows = arena_alloc(&prev->arena, (size_t)(prev->n ? prev->n : 1) * sizeof *prev->rows);
  if (prev->n)
    memcpy(prev->rows, r.rows, (size_t)prev->n * sizeof *prev->rows);
  free(r.rows);
  return 0;
}
