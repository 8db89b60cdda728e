/*
 * floor_parse PACK - what reading a pack costs with objreg's parsers alone.
 *
 * Every pack.yml, policy.md, objectives/ *.md and *.csv under PACK (outside
 * templates/ and output/), visited in byte order, is read whole, its UTF-8
 * checked (a leading BOM skipped), and handed to the library objreg uses:
 * libyaml loads pack.yml and each front matter as a document, cmark parses
 * each Markdown body and the tree is walked, libcsv splits each CSV with
 * every field and row seen by a callback.  Nothing is checked or kept but
 * counts, printed at the end so the work cannot be skipped.
 */
#define _POSIX_C_SOURCE 200809L
#include <cmark.h>
#include <csv.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static long n_files, n_bytes, n_yaml, n_md, n_rows, n_fields;

static void die(const char *path, const char *why)
{
  fprintf(stderr, "floor_parse: %s: %s\n", path, why);
  exit(1);
}

static int utf8_ok(const unsigned char *s, size_t n)
{
  for (size_t i = 0; i < n;) {
    unsigned c = s[i], need, cp, lo;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      need = 1, cp = c & 0x1F, lo = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
      need = 2, cp = c & 0x0F, lo = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      need = 3, cp = c & 0x07, lo = 0x10000;
    else
      return 0;
    if (n - i <= need)
      return 0;
    for (unsigned k = 1; k <= need; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if (cp < lo || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
      return 0;
    i += need + 1;
  }
  return 1;
}

static void yaml_doc(const char *path, const char *s, size_t n)
{
  yaml_parser_t p;
  yaml_document_t d;
  if (!yaml_parser_initialize(&p))
    die(path, "out of memory");
  yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
  if (!yaml_parser_load(&p, &d))
    die(path, "YAML error");
  n_yaml += (long)(d.nodes.top - d.nodes.start);
  yaml_document_delete(&d);
  yaml_parser_delete(&p);
}

static void markdown(const char *s, size_t n)
{
  cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
  cmark_iter *it = cmark_iter_new(doc);
  for (cmark_event_type e; (e = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
    n_md += e == CMARK_EVENT_ENTER;
  cmark_iter_free(it);
  cmark_node_free(doc);
}

/* Front matter: from a first line "---" to the next line "---". */
static void md_file(const char *path, const char *s, size_t n)
{
  const char *end = s + n;
  if (n >= 4 && !memcmp(s, "---", 3) && (s[3] == '\n' || s[3] == '\r')) {
    const char *line = memchr(s, '\n', n);
    while (line && ++line < end) {
      if (end - line >= 3 && !memcmp(line, "---", 3) && (line + 3 == end || line[3] == '\n' || line[3] == '\r')) {
        const char *fm = memchr(s, '\n', n) + 1;
        yaml_doc(path, fm, (size_t)(line - fm));
        const char *body = memchr(line, '\n', (size_t)(end - line));
        body = body ? body + 1 : end;
        markdown(body, (size_t)(end - body));
        return;
      }
      line = memchr(line, '\n', (size_t)(end - line));
    }
  }
  markdown(s, n);
}

static void on_field(void *f, size_t len, void *u)
{
  (void)f, (void)len, (void)u;
  n_fields++;
}

static void on_row(int c, void *u)
{
  (void)c, (void)u;
  n_rows++;
}

static void csv_file(const char *path, const char *s, size_t n)
{
  struct csv_parser p;
  if (csv_init(&p, CSV_APPEND_NULL))
    die(path, "out of memory");
  size_t comma = 0, semi = 0, tab = 0;  // the header line's most frequent delimiter
  for (size_t i = 0; i < n && s[i] != '\n'; i++)
    comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
  csv_set_delim(&p, semi > comma && semi >= tab ? ';' : tab > comma ? '\t' : ',');
  if (csv_parse(&p, s, n, on_field, on_row, NULL) != n)
    die(path, csv_strerror(csv_error(&p)));
  csv_fini(&p, on_field, on_row, NULL);
  csv_free(&p);
}

static char *slurp(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  struct stat st;
  if (!f || fstat(fileno(f), &st))
    die(path, "cannot read");
  char *b = malloc((size_t)st.st_size + 1);
  if (!b || fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
    die(path, "cannot read");
  fclose(f);
  *n = (size_t)st.st_size;
  n_files++;
  n_bytes += st.st_size;
  return b;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int suffix(const char *s, const char *x)
{
  size_t a = strlen(s), b = strlen(x);
  return a >= b && !strcmp(s + a - b, x);
}

static void visit(const char *top, const char *rel)
{
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/%s", top, rel);
  DIR *d = opendir(dir);
  if (!d)
    die(dir, "cannot open");
  char **names = NULL;
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    names = realloc(names, (n + 1) * sizeof *names);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    char r[4096], path[8200];
    snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
    snprintf(path, sizeof path, "%s/%s", top, r);
    free(names[i]);
    struct stat st;
    if (stat(path, &st))
      die(path, "cannot stat");
    if (S_ISDIR(st.st_mode)) {
      if (strcmp(r, "templates") && strcmp(r, "output"))
        visit(top, r);
      continue;
    }
    int yml = !strcmp(r, "pack.yml"), csv = suffix(r, ".csv");
    int md = suffix(r, ".md") && (!strcmp(r, "policy.md") || !strncmp(r, "objectives/", 11));
    if (!yml && !csv && !md)
      continue;
    size_t len;
    char *buf = slurp(path, &len), *s = buf;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
      s += 3, len -= 3;
    if (!utf8_ok((const unsigned char *)s, len))
      die(path, "invalid UTF-8");
    if (yml)
      yaml_doc(path, s, len);
    else if (md)
      md_file(path, s, len);
    else
      csv_file(path, s, len);
    free(buf);
  }
  free(names);
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: floor_parse PACK\n");
    return 2;
  }
  visit(argv[1], "");
  printf("files %ld bytes %ld yaml nodes %ld markdown nodes %ld csv rows %ld fields %ld\n", n_files, n_bytes,
         n_yaml, n_md, n_rows, n_fields);
  return 0;
}
