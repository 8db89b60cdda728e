/*
 * context.c - where each finding sits in its file as read, for SARIF: the
 * text of its region (from its column to the end of its line), the lines
 * around it, the key path of its node, and a fingerprint that survives line
 * moves (rule, file, objective, key path).
 *
 * pack_load keeps the inputs' texts when asked (LOAD_TEXT); diag_context runs
 * once after diag_sort, file by file (the findings are sorted by file), and
 * frees each text once its findings are done (those without any at once), so
 * that the documents of `build` are written without them.  With two threads
 * and 1,024 findings or more, the files are shared between this thread and a
 * helper (two runs of whole files, each with its own arena, adopted by
 * pack->ctx_arena); the bytes do not change.  Nothing is read again from
 * disk.  A file's front matter is parsed again only when the file has a
 * finding inside it.
 *
 * Key paths: in YAML, keys joined by '.', a list item as [its id], or
 * [its value] for a scalar item, else [its index]: "plan[A2].due",
 * "policy[POL-9]".  In a CSV file "row:" and the row's first line; in a
 * Markdown body "body:" and the line; otherwise "line:" and the line.  A
 * finding on a whole file has the key path "".
 */
#include "objreg.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SNIPPET_MAX 2048   // bytes of a region's text; a longer line is cut
#define CONTEXT_MAX 4096   // bytes of the context lines
#define CONTEXT_LINES 2    // lines before and after the finding's

typedef struct {
  const char *s;
  size_t *start;  // byte offset of each line; start[n] = one past the text
  int n;          // lines
} Lines;

static void lines_init(Lines *l, const char *s, size_t len)
{
  int n = 0;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n';
  if (len && s[len - 1] != '\n')
    n++;
  l->s = s;
  l->n = n;
  l->start = xmalloc(((size_t)n + 1) * sizeof *l->start);
  int k = 0;
  if (len)
    l->start[k++] = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '\n' && i + 1 < len)
      l->start[k++] = i + 1;
  l->start[n] = len;
}

/* Bytes of line k (1-based) without its line end. */
static size_t line_len(const Lines *l, int k)
{
  size_t a = l->start[k - 1], b = l->start[k];
  if (b > a && l->s[b - 1] == '\n')
    b--;
  if (b > a && l->s[b - 1] == '\r')
    b--;
  return b - a;
}

static bool cont_byte(char c)
{
  return ((unsigned char)c & 0xC0) == 0x80;
}

/* Code points in s[0..n). */
static int cps(const char *s, size_t n)
{
  int c = 0;
  for (size_t i = 0; i < n; i++)
    c += !cont_byte(s[i]);
  return c;
}

/* The byte offset of code point column col (1-based) in s[0..n), at most n. */
static size_t col_off(const char *s, size_t n, int col)
{
  size_t i = 0;
  for (int c = 1; c < col && i < n; c++)
    for (i++; i < n && cont_byte(s[i]); i++) {}
  return i;
}

/* At most max bytes of s[0..n), cut before a code point. */
static size_t cut(const char *s, size_t n, size_t max)
{
  if (n <= max)
    return n;
  while (max > 0 && cont_byte(s[max]))
    max--;
  return max;
}

/* prefix followed by s[0..n), in a. */
static const char *prefixed(Arena *a, const char *prefix, const char *s, size_t n)
{
  size_t k = strlen(prefix);
  char *t = arena_alloc(a, k + n + 1);
  memcpy(t, prefix, k);
  memcpy(t + k, s, n);
  return t;  // arena_alloc zeroes: t[k + n] is the NUL
}

//
// Key paths in YAML
//

static bool at(const YNode *n, int line, int col)
{
  return n->pos.line == line && n->pos.col == col;
}

/* The label of item i of a sequence: [id], [value] or [i]. */
static void item_label(Buf *b, const YNode *item, int i)
{
  if (item->kind == YN_SCALAR) {
    buf_printf(b, "[%s]", item->str);
    return;
  }
  if (item->kind == YN_MAP)
    for (int k = 0; k + 1 < item->n; k += 2)
      if (item->kids[k]->kind == YN_SCALAR && strcmp(item->kids[k]->str, "id") == 0 &&
          item->kids[k + 1]->kind == YN_SCALAR) {
        buf_printf(b, "[%s]", item->kids[k + 1]->str);
        return;
      }
  buf_printf(b, "[%d]", i);
}

/* Depth-first, shallowest match first: the node at line:col below n, its
 * path appended to b; NULL (b unchanged) when there is none. */
static const YNode *find_node(const YNode *n, int line, int col, Buf *b)
{
  if (at(n, line, col))
    return n;
  size_t mark = b->len;
  const YNode *hit = NULL;
  if (n->kind == YN_MAP) {
    for (int k = 0; k + 1 < n->n && !hit; k += 2) {
      const YNode *key = n->kids[k];
      if (mark)
        buf_putc(b, '.');
      buf_puts(b, key->kind == YN_SCALAR ? key->str : "?");
      hit = at(key, line, col) ? key : find_node(n->kids[k + 1], line, col, b);
      if (!hit)
        b->len = mark;
    }
  } else if (n->kind == YN_SEQ) {
    for (int i = 0; i < n->n && !hit; i++) {
      item_label(b, n->kids[i], i);
      hit = find_node(n->kids[i], line, col, b);
      if (!hit)
        b->len = mark;
    }
  }
  if (!hit && b->s)
    b->s[mark] = '\0';
  return hit;
}

typedef struct {
  Pack tmp;              // scratch for parsing front matter again
  const char *path;
  const char *yaml;      // this file's front matter (or pack.yml), NULL if none
  size_t yaml_len;
  int yaml_line;         // the file's line of its first line
  bool parsed;           // fm is set: parsed when a finding first needs it
  const YNode *fm;       // the YAML's tree, NULL if invalid
  int body_line;         // first line of a Markdown body, 0 if none
  bool is_csv;
} FileKeys;

static void file_keys(FileKeys *fk, const Pack *pack, const char *path, const char *s, size_t len)
{
  arena_reset(&fk->tmp.scratch);
  diag_release(&fk->tmp.diags);
  fk->tmp.limits = pack->limits;
  fk->path = path;
  fk->yaml = NULL;
  fk->parsed = false;
  fk->fm = NULL;
  fk->body_line = 0;
  size_t n = strlen(path);
  fk->is_csv = n >= 4 && strcmp(path + n - 4, ".csv") == 0;
  if (fk->is_csv)
    return;
  if (strcmp(path, "pack.yml") == 0) {
    fk->yaml = s, fk->yaml_len = len, fk->yaml_line = 1;
    return;
  }
  size_t fm_off, fm_len, body_off;
  int body_line;
  bool unterminated;
  if (fm_split(s, len, &fm_off, &fm_len, &body_off, &body_line, &unterminated)) {
    fk->yaml = s + fm_off, fk->yaml_len = fm_len, fk->yaml_line = 2;
    fk->body_line = body_line;
  } else if (!unterminated) {
    fk->body_line = 1;
  }
}

/* The key path of the finding at pos; *end_col gets its YAML node's end column, if any. */
static const char *key_path(Arena *a, FileKeys *fk, const Lines *l, Pos pos, int *end_col)
{
  *end_col = 0;
  if (pos.line < 1 || pos.line > l->n)
    return "";
  const char *text = l->s + l->start[pos.line - 1];
  int n = (int)line_len(l, pos.line);
  if (fk->is_csv)
    return prefixed(a, "row:", text, (size_t)n);
  if (fk->body_line && pos.line >= fk->body_line)
    return prefixed(a, "body:", text, (size_t)n);
  if (fk->yaml && pos.line == 1 && pos.col == 1 && fk->body_line)
    return "";  // 1:1 of a Markdown file: the `---`, i.e. the whole front matter
  if (fk->yaml && !fk->parsed) {
    fk->fm = yaml_load(&fk->tmp, fk->path, fk->yaml, fk->yaml_len, fk->yaml_line);
    fk->parsed = true;
  }
  if (fk->fm) {
    Buf b;
    buf_init(&b);
    const char *path = NULL;
    const YNode *node = find_node(fk->fm, pos.line, pos.col, &b);
    if (node) {
      path = arena_strndup(a, b.s, b.len);
      *end_col = node->end_col;
    }
    buf_release(&b);
    if (path)
      return path;
  }
  return prefixed(a, "line:", text, (size_t)n);
}

//
// Snippets
//

/* The region: from pos to node_end (a column of the same line) when known,
 * else to the end of the line; and the lines around it. */
static void region(Arena *ar, DiagCtx *c, const Lines *l, Pos pos, int node_end)
{
  c->n_lines = l->n;
  if (pos.line == 0 && l->n > 0) {  // the whole file: its text, when short
    size_t end = l->start[l->n - 1] + line_len(l, l->n);
    if (end <= SNIPPET_MAX) {
      c->snippet = arena_strndup(ar, l->s, end);
      c->end_col = 1 + cps(l->s + l->start[l->n - 1], line_len(l, l->n));
    }
    return;
  }
  if (pos.line < 1 || pos.line > l->n)
    return;
  const char *text = l->s + l->start[pos.line - 1];
  size_t n = line_len(l, pos.line);
  size_t a = col_off(text, n, pos.col > 0 ? pos.col : 1);
  size_t e = node_end > pos.col ? col_off(text, n, node_end) : n;
  size_t k = cut(text + a, e - a, SNIPPET_MAX);
  c->snippet = arena_strndup(ar, text + a, k);
  c->end_col = (pos.col > 0 ? pos.col : 1) + cps(text + a, k);

  // The finding's line, then lines alternately above and below, within CONTEXT_MAX.
  int lo = pos.line, hi = pos.line;
  size_t total = n;
  c->ctx_end_col = 0;
  if (n > CONTEXT_MAX) {
    size_t m = cut(text, n, CONTEXT_MAX);
    c->ctx_start = c->ctx_end = pos.line;
    c->ctx_end_col = 1 + cps(text, m);
    c->context = arena_strndup(ar, text, m);
    return;
  }
  for (int d = 1; d <= CONTEXT_LINES; d++) {
    if (lo - 1 >= 1 && total + 2 + line_len(l, lo - 1) <= CONTEXT_MAX)
      total += 2 + line_len(l, --lo);
    if (hi + 1 <= l->n && total + 2 + line_len(l, hi + 1) <= CONTEXT_MAX)
      total += 2 + line_len(l, ++hi);
  }
  c->ctx_start = lo;
  c->ctx_end = hi;
  size_t from = l->start[lo - 1];
  size_t to = l->start[hi - 1] + line_len(l, hi);
  c->ctx_end_col = 1 + cps(l->s + l->start[hi - 1], line_len(l, hi));
  if (lo == hi && pos.col <= 1 && c->end_col == c->ctx_end_col) {  // no more than the region: none
    c->ctx_start = c->ctx_end = c->ctx_end_col = 0;
    return;
  }
  c->context = arena_strndup(ar, l->s + from, to - from);
}

// A share of the findings, whole files of them, with what its thread needs.
typedef struct {
  Pack *pack;
  const Map *by_path;  // input path -> InputFile with its text
  int from, to;        // findings [from, to)
  Arena arena;         // the strings of their contexts, adopted by pack->ctx_arena
  Arena keys;          // seen's keys
  Map seen;            // fingerprint key -> occurrences so far in the file (keys name it)
  Buf key;
  EVP_MD_CTX *md_ctx;
  EVP_MD *sha256;
} Part;

static void fingerprint(Part *p, const Diag *d, DiagCtx *c)
{
  Buf *b = &p->key;
  buf_reset(b);
  buf_puts(b, rules[d->rule].id);
  buf_putc(b, 1);
  buf_puts(b, d->pos.file);
  buf_putc(b, 1);
  buf_puts(b, d->objective ? d->objective : "");
  buf_putc(b, 1);
  buf_puts(b, c->key_path);
  intptr_t n = (intptr_t)map_get(&p->seen, b->s) + 1;  // the occurrence of the same key, from 1
  map_put(&p->seen, arena_strndup(&p->keys, b->s, b->len), (void *)n);
  buf_putc(b, 1);
  buf_putint(b, (long)n);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (!p->md_ctx || !p->sha256 || !EVP_DigestInit_ex2(p->md_ctx, p->sha256, NULL) ||
      !EVP_DigestUpdate(p->md_ctx, b->s, b->len) || !EVP_DigestFinal_ex(p->md_ctx, md, &len) || len != 32)
    die("cannot compute a SHA-256 with OpenSSL's libcrypto");
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    c->fingerprint[2 * i] = hex[md[i] >> 4];
    c->fingerprint[2 * i + 1] = hex[md[i] & 15];
  }
  c->fingerprint[32] = '\0';
}

/* The contexts of findings [p->from, p->to), file by file (they are sorted by file). */
static void *context_part(void *arg)
{
  Part *p = arg;
  Pack *pack = p->pack;
  DiagList *dl = &pack->diags;
  FileKeys fk;
  pack_init(&fk.tmp);
  for (int i = p->from, j; i < p->to; i = j) {
    const char *file = dl->v[i].pos.file;
    for (j = i + 1; j < p->to && strcmp(dl->v[j].pos.file, file) == 0; j++) {}
    InputFile *in = map_get(p->by_path, file);
    Lines l = {0};
    if (in) {
      lines_init(&l, in->text, in->text_len);
      file_keys(&fk, pack, file, in->text, in->text_len);
    }
    for (int k = i; k < j; k++) {
      DiagCtx *c = &pack->ctx[k];
      c->key_path = "";
      if (in) {
        int node_end;
        c->key_path = key_path(&p->arena, &fk, &l, dl->v[k].pos, &node_end);
        region(&p->arena, c, &l, dl->v[k].pos, node_end);
      }
      fingerprint(p, &dl->v[k], c);
    }
    free(l.start);
    if (in) {  // no other finding is in this file: its text is done with
      free(in->text);
      in->text = NULL;
    }
    // Every key names its file: the next file's findings count from an empty map.
    map_release(&p->seen);
    map_init(&p->seen);
    arena_reset(&p->keys);
  }
  pack_free(&fk.tmp);
  return NULL;
}

void diag_context(Pack *pack, int threads)
{
  DiagList *dl = &pack->diags;
  diag_context_release(pack);
  pack->ctx = xcalloc((size_t)(dl->len ? dl->len : 1), sizeof *pack->ctx);
  // The files with findings; the texts of the others are freed at once, and
  // each of these once its findings are done, so that the texts (about 60 MB
  // at 10,000 objectives) and the contexts are not all held at the same time.
  Map named, by_path;
  map_init(&named);
  map_init(&by_path);
  for (int i = 0; i < dl->len; i++)
    if (i == 0 || strcmp(dl->v[i].pos.file, dl->v[i - 1].pos.file) != 0)
      map_put(&named, dl->v[i].pos.file, &named);
  for (int i = 0; i < pack->n_inputs; i++) {
    InputFile *in = &pack->inputs[i];
    if (in->text && !map_get(&named, in->path)) {
      free(in->text);
      in->text = NULL;
    } else if (in->text) {
      map_put(&by_path, in->path, in);
    }
  }
  map_release(&named);
  // Two shares when asked and worth it, split where a file's findings end:
  // a fingerprint counts its key's occurrences, and every key names its file,
  // so the shares' counts are those of one pass.
  int mid = dl->len;
  if (threads > 1 && dl->len >= 1024) {
    mid = dl->len / 2;
    while (mid < dl->len && strcmp(dl->v[mid].pos.file, dl->v[mid - 1].pos.file) == 0)
      mid++;
  }
  Part parts[2] = {{.pack = pack, .by_path = &by_path, .from = 0, .to = mid},
                   {.pack = pack, .by_path = &by_path, .from = mid, .to = dl->len}};
  int n_parts = mid < dl->len ? 2 : 1;
  for (int i = 0; i < n_parts; i++) {
    arena_init(&parts[i].arena);
    arena_init(&parts[i].keys);
    map_init(&parts[i].seen);
    buf_init(&parts[i].key);
    parts[i].md_ctx = EVP_MD_CTX_new();
    parts[i].sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
  }
  pthread_t helper;
  bool started = n_parts == 2 && pthread_create(&helper, NULL, context_part, &parts[1]) == 0;
  context_part(&parts[0]);
  if (started)
    pthread_join(helper, NULL);
  else if (n_parts == 2)
    context_part(&parts[1]);
  for (int i = 0; i < n_parts; i++) {
    arena_adopt(&pack->ctx_arena, &parts[i].arena);
    map_release(&parts[i].seen);
    arena_release(&parts[i].keys);
    buf_release(&parts[i].key);
    EVP_MD_CTX_free(parts[i].md_ctx);
    EVP_MD_free(parts[i].sha256);
  }
  map_release(&by_path);
  pack_drop_text(pack);
}

/* build frees the contexts once findings.sarif, their only reader, is written. */
void diag_context_release(Pack *pack)
{
  free(pack->ctx);
  pack->ctx = NULL;
  arena_release(&pack->ctx_arena);
}
