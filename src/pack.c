/*
 * pack.c - the pack: discovery of its files, reading them safely, pack.yml,
 * and the order in which the readers run.
 *
 * Discovery follows the conventions of SPEC section 1 and sorts every path
 * by byte order, so that results never depend on the file system.  A file is
 * opened only when it is a regular file inside the pack: a symbolic link is
 * resolved first, and one whose target lies outside the pack is refused
 * without being opened (E-PATH); and the open itself (pack_open) cannot leave
 * the pack or block whatever the name has become since.  Every file is checked whole for size and
 * UTF-8 before a parser sees it; the readers then get a NUL-terminated buffer
 * without BOM.
 */
#define _GNU_SOURCE
#include "objreg.h"

#include <cmark.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if defined(SYS_openat2) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif
#endif

typedef struct {
  char *path;       // pack-relative, malloc-owned
  const char *role;
  off_t size;       // when found: to share the reading out evenly
} Found;

typedef struct {
  Pack *pack;
  char *real_root;  // realpath of the pack, malloc-owned
  Found *v;
  int n, cap;
  dev_t *seen_dev; ino_t *seen_ino; int n_seen;  // folders walked, against link loops
} Walk;

static bool ends_with(const char *s, const char *suffix)
{
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void found_add(Walk *w, const char *rel, const char *role, off_t size)
{
  if (w->n == w->cap) {
    w->cap = w->cap ? w->cap * 2 : 256;
    w->v = xrealloc(w->v, (size_t)w->cap * sizeof *w->v);
  }
  w->v[w->n].path = strdup(rel);
  if (!w->v[w->n].path)
    die("out of memory");
  w->v[w->n].size = size;
  w->v[w->n++].role = role;
}

//
// Opening a pack file without leaving the pack or blocking
//
// Discovery looks at names (lstat, realpath) before they are read, and a
// name may change in between: a file swapped for a link to a file outside
// the pack, or for a FIFO.  So every open is relative to the pack's folder
// and never leaves it whatever the name now is: openat2 with RESOLVE_BENEATH
// (Linux 5.6), else one component at a time with O_NOFOLLOW, a link inside
// the pack resolved here by its text.  Files are opened non-blocking, and
// the caller checks on the descriptor that it is a regular file.

#define LINK_HOPS 40

/* Split path in place into its names, "." and empty names dropped and ".."
 * applied: how many, or -1 (EXDEV) when it climbs above the pack. */
static int path_names(char *path, char **names)
{
  int n = 0;
  for (char *save = NULL, *c = strtok_r(path, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
    if (strcmp(c, ".") == 0)
      continue;
    if (strcmp(c, "..") == 0) {
      if (n == 0) {
        errno = EXDEV;
        return -1;
      }
      n--;
      continue;
    }
    names[n++] = c;
  }
  return n;
}

/* Rewrite path as names[0..i-1], then the text of the link names[i], then
 * names[i+1..n-1]: 0, or -1 with errno (EXDEV: an absolute target outside
 * the pack's real folder). */
static int splice_link(char *path, char *const *names, int i, int n, const char *target, const char *real_root)
{
  char rest[PATH_MAX] = "";
  size_t used = 0;
  if (target[0] == '/') {  // absolute: only a path inside the pack's real folder
    size_t lr = strlen(real_root);
    if (strncmp(target, real_root, lr) != 0 || (target[lr] != '/' && target[lr] != '\0')) {
      errno = EXDEV;
      return -1;
    }
    used = (size_t)snprintf(rest, sizeof rest, "%s", target + lr);
  } else {
    for (int j = 0; j < i && used < sizeof rest; j++)
      used += (size_t)snprintf(rest + used, sizeof rest - used, "%s/", names[j]);
    if (used < sizeof rest)
      used += (size_t)snprintf(rest + used, sizeof rest - used, "%s", target);
  }
  for (int j = i + 1; j < n && used < sizeof rest; j++)
    used += (size_t)snprintf(rest + used, sizeof rest - used, "/%s", names[j]);
  if (used >= sizeof rest) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(path, rest, used + 1);
  return 0;
}

/* Open names[0..n-1] from the folder root_fd, O_NOFOLLOW all the way: the
 * descriptor, or -1 with errno.  A link on the way: its text spliced into
 * path, *relink set, and -1 (errno set only when the splice failed). */
static int open_names(int root_fd, char *path, char **names, int n, int flags, const char *real_root,
                      bool *relink)
{
  int dir = dup(root_fd);
  if (dir < 0)
    return -1;
  for (int i = 0; i < n; i++) {
    bool last = i == n - 1;
    int fd = openat(dir, names[i], (last ? flags : O_RDONLY | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
      int err = errno;  // ENOTDIR: a link, or a file where a folder should be
      char target[PATH_MAX];
      ssize_t k = readlinkat(dir, names[i], target, sizeof target - 1);
      if (k >= 0) {  // a link: its text in its place, and start again from the top
        target[k] = '\0';
        close(dir);
        if (splice_link(path, names, i, n, target, real_root) < 0)
          return -1;
        *relink = true;
        return -1;
      }
      errno = err;  // no link: what openat said (a file is no folder)
    }
    close(dir);
    if (fd < 0)
      return -1;
    if (last)
      return fd;
    dir = fd;
  }
  if (!(flags & O_DIRECTORY)) {  // the pack's folder itself
    close(dir);
    errno = EISDIR;
    return -1;
  }
  return dir;
}

/* Resolve rel one component at a time below the pack (no openat2):
 * O_NOFOLLOW everywhere, and a link's text spliced into the path, refused
 * (EXDEV) when it climbs above the pack or is absolute outside it. */
static int open_beneath_walk(int root_fd, const char *rel, int flags, const char *real_root)
{
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s", rel) >= (int)sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (int hops = 0; hops <= LINK_HOPS; hops++) {
    char *names[PATH_MAX / 2];
    int n = path_names(path, names);
    if (n < 0)
      return -1;
    bool relink = false;
    int fd = open_names(root_fd, path, names, n, flags, real_root, &relink);
    if (!relink)
      return fd;
  }
  errno = ELOOP;
  return -1;
}

/* Open rel (pack-relative) without leaving the pack: -1 with errno (EXDEV
 * when it would lead outside). */
static int pack_open(const Pack *pack, const char *rel, int flags)
{
  return open_beneath(pack->root_fd, pack->root_real, rel, flags);
}

int open_beneath(int root_fd, const char *root_real, const char *rel, int flags)
{
#ifdef HAVE_OPENAT2
  static int no_openat2;  // set once when the kernel lacks it; the same answer for every thread
  if (!__atomic_load_n(&no_openat2, __ATOMIC_RELAXED)) {
    struct open_how how = {.flags = (uint64_t)(flags | O_CLOEXEC),
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
    long fd;
    int tries = 0;
    do
      fd = syscall(SYS_openat2, root_fd, rel, &how, sizeof how);
    while (fd < 0 && errno == EAGAIN && ++tries < 100);  // a rename elsewhere raced a ".." lookup
    // EXDEV: it leads outside, or through a link with an absolute target
    // (RESOLVE_BENEATH refuses every one), which the walk below resolves.
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != EXDEV))
      return (int)fd;
    if (errno != EXDEV)  // ENOSYS, or EPERM from a seccomp filter that does not know it
      __atomic_store_n(&no_openat2, 1, __ATOMIC_RELAXED);
  }
#endif
  return open_beneath_walk(root_fd, rel, flags, root_real);
}

static Pos file_pos(Pack *pack, const char *rel)
{
  return (Pos){arena_strdup(&pack->arena, rel), 0, 0};
}

/* stat() of rel, refusing a link that leaves the pack (E-PATH) or dangles (E-IO).
 * Returns false when rel must not be used. */
static bool safe_stat(Walk *w, const char *rel, struct stat *st)
{
  Pack *pack = w->pack;
  char *abs = path_join(pack->root, rel);
  bool ok = false;
  if (lstat(abs, st) != 0) {
    diag_add(pack, file_pos(pack, rel), RULE_E_IO, NULL, "cannot read '%s': %s", rel, strerror(errno));
  } else if (S_ISLNK(st->st_mode)) {
    char *real = realpath(abs, NULL);
    size_t lr = strlen(w->real_root);
    if (!real) {
      diag_add(pack, file_pos(pack, rel), RULE_E_IO, NULL, "cannot read '%s': a link whose target cannot be resolved", rel);
    } else if (strncmp(real, w->real_root, lr) != 0 || (real[lr] != '/' && real[lr] != '\0')) {
      diag_add(pack, file_pos(pack, rel), RULE_E_PATH, NULL, "link leads outside the pack; not read");
    } else if (stat(real, st) != 0) {
      diag_add(pack, file_pos(pack, rel), RULE_E_IO, NULL, "cannot read '%s': %s", rel, strerror(errno));
    } else {
      ok = true;
    }
    free(real);
  } else {
    ok = true;
  }
  free(abs);
  return ok;
}

/* Remember a folder as walked, against link loops. */
static void seen_add(Walk *w, const struct stat *st)
{
  w->seen_dev = xrealloc(w->seen_dev, (size_t)(w->n_seen + 1) * sizeof *w->seen_dev);
  w->seen_ino = xrealloc(w->seen_ino, (size_t)(w->n_seen + 1) * sizeof *w->seen_ino);
  w->seen_dev[w->n_seen] = st->st_dev;
  w->seen_ino[w->n_seen++] = st->st_ino;
}

/* Walk folder rel, collecting files ending in ext with the given role. */
static void walk_dir(Walk *w, const char *rel, const char *ext, const char *role, int depth)
{
  Pack *pack = w->pack;
  int fd = pack_open(pack, rel, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d && fd >= 0)
    close(fd);
  if (!d && errno == EXDEV) {
    diag_add(pack, file_pos(pack, rel), RULE_E_PATH, NULL, "link leads outside the pack; not read");
    return;
  }
  if (!d) {
    diag_add(pack, file_pos(pack, rel), RULE_E_IO, NULL, "cannot read folder '%s': %s", rel, strerror(errno));
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;  // hidden files, . and ..
    char *child = path_join(rel, e->d_name);
    struct stat st;
    bool match = ends_with(e->d_name, ext) || (strcmp(role, "progress") == 0 && ends_with(e->d_name, ".xlsx"));
    bool unused = match;  // a progress file refused here is one not used
    if (safe_stat(w, child, &st)) {
      unused = false;
      if (S_ISREG(st.st_mode) && match) {
        found_add(w, child, role, st.st_size);
      } else if (S_ISDIR(st.st_mode)) {
        if (match)  // a folder named like a file: said, and walked all the same
          diag_add(pack, file_pos(pack, child), RULE_E_IO, NULL, "'%s' is a folder, not a file; the files in it are read", child);
        bool seen = false;
        for (int i = 0; i < w->n_seen; i++)
          seen |= w->seen_dev[i] == st.st_dev && w->seen_ino[i] == st.st_ino;
        if (seen || depth >= 32) {
          diag_add(pack, file_pos(pack, child), RULE_E_IO, NULL, "'%s' is a folder already read or nested too deep; not read", child);
        } else {
          seen_add(w, &st);
          walk_dir(w, child, ext, role, depth + 1);
        }
      } else if (match) {
        diag_add(pack, file_pos(pack, child), RULE_E_IO, NULL, "'%s' is not a regular file", child);
        unused = true;
      }
    }
    pack->progress_unused += unused && strcmp(role, "progress") == 0;
    free(child);
  }
  closedir(d);
}

/* stat() of a name at the top of the pack; false when it is absent or refused. */
static bool top_stat(Walk *w, const char *rel, struct stat *st)
{
  char *abs = path_join(w->pack->root, rel);
  bool exists = lstat(abs, st) == 0;
  free(abs);
  return exists && safe_stat(w, rel, st);
}

/* Whether a name exists at the top of the pack (used or not). */
static bool top_exists(Walk *w, const char *rel)
{
  struct stat st;
  char *abs = path_join(w->pack->root, rel);
  bool exists = lstat(abs, &st) == 0;
  free(abs);
  return exists;
}

/* A file at the top of the pack, if it exists. */
static void top_file(Walk *w, const char *rel, const char *role)
{
  struct stat st;
  if (!top_stat(w, rel, &st))
    return;
  if (!S_ISREG(st.st_mode))
    diag_add(w->pack, file_pos(w->pack, rel), RULE_E_IO, NULL, "'%s' is not a regular file", rel);
  else
    found_add(w, rel, role, st.st_size);
}

/* A folder at the top of the pack (objectives/, progress/, templates/), if it exists. */
static void top_dir(Walk *w, const char *rel, const char *ext, const char *role)
{
  struct stat st;
  if (!top_stat(w, rel, &st))
    return;
  if (!S_ISDIR(st.st_mode)) {
    diag_add(w->pack, file_pos(w->pack, rel), RULE_E_IO, NULL, "'%s' is not a folder", rel);
    return;
  }
  seen_add(w, &st);
  walk_dir(w, rel, ext, role, 1);
}

static int found_cmp(const void *a, const void *b)
{
  return strcmp(((const Found *)a)->path, ((const Found *)b)->path);
}

//
// Reading a file
//

/* Line and byte column of offset off in s. */
static Pos offset_pos(const char *file, const char *s, size_t off)
{
  int line = 1;
  size_t bol = 0;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n')
      line++, bol = i + 1;
  return (Pos){file, line, (int)(off - bol) + 1};
}

/* Check the text of a file (data: n bytes, NUL-terminated, malloc-owned; taken
 * over): UTF-8 and control characters, then the BOM removed. */
bool src_text(Pack *pack, SrcFile *f, char *data, size_t n)
{
  const char *path = f->path;
  if (ends_with(path, ".csv"))
    return csv_text(pack, f, data, n);  // SPEC section 11: encodings
  size_t bom = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  long bad = utf8_check(data + bom, n - bom);
  if (bad >= 0) {
    size_t off = bom + (size_t)bad;
    unsigned char c = (unsigned char)data[off];
    Pos p = offset_pos(path, data, off);
    if (c < 0x20)
      diag_add(pack, p, RULE_E_UTF8, NULL, "control character U+%04X is not allowed in text; file not used", c);
    else
      diag_add(pack, p, RULE_E_UTF8, NULL, "invalid UTF-8 (byte 0x%02X); file not used", c);
    free(data);
    return false;
  }
  if (bom)
    memmove(data, data + bom, n - bom + 1);
  f->data = data;
  f->len = n - bom;
  return true;
}

/* Read a pack file from the pack's source (a Git tree): as src_read() does. */
static bool src_read_source(Pack *pack, const char *rel, SrcFile *f)
{
  const char *path = arena_strdup(&pack->arena, rel);
  memset(f, 0, sizeof *f);
  f->path = path;
  size_t n = 0;
  char *data = pack->source->read(pack->source->ctx, rel, &n);
  if (!data) {
    diag_add(pack, (Pos){path, 0, 0}, RULE_E_IO, NULL, "cannot read '%s': %s", rel, strerror(errno));
    return false;
  }
  if ((long)n > pack->limits.file_size) {
    diag_add(pack, (Pos){path, 0, 0}, RULE_E_LIMIT, NULL, "file is larger than %ld bytes; not read", pack->limits.file_size);
    free(data);
    return false;
  }
  f->raw_bytes = n;
  if (ends_with(rel, ".xlsx")) {  // a workbook: bytes, as src_read() keeps them
    f->data = data;
    f->len = n;
    return true;
  }
  return src_text(pack, f, data, n);
}

/* Read a pack file whole: size limit, UTF-8 and control characters, BOM. */
static bool src_read(Pack *pack, const char *rel, SrcFile *f)
{
  if (pack->source)
    return src_read_source(pack, rel, f);
  const char *path = arena_strdup(&pack->arena, rel);
  int fd = pack_open(pack, rel, O_RDONLY | O_NONBLOCK);
  memset(f, 0, sizeof *f);
  f->path = path;
  if (fd < 0 && errno == EXDEV) {  // it became a link out of the pack since it was found
    diag_add(pack, (Pos){path, 0, 0}, RULE_E_PATH, NULL, "link leads outside the pack; not read");
    return false;
  }
  if (fd < 0) {
    diag_add(pack, (Pos){path, 0, 0}, RULE_E_IO, NULL, "cannot read '%s': %s", rel, strerror(errno));
    return false;
  }
  size_t n;
  SlurpError err;
  const char *why;
  char *data = fd_read(fd, (size_t)pack->limits.file_size, &n, &err, &why);
  close(fd);
  if (!data) {
    if (err == SLURP_NOT_REGULAR)
      diag_add(pack, (Pos){path, 0, 0}, RULE_E_IO, NULL, "'%s' is not a regular file", rel);
    else if (err == SLURP_TOO_LARGE)
      diag_add(pack, (Pos){path, 0, 0}, RULE_E_LIMIT, NULL, "file is larger than %ld bytes; not read", pack->limits.file_size);
    else
      diag_add(pack, (Pos){path, 0, 0}, RULE_E_IO, NULL, "cannot read '%s': %s", rel, why);
    return false;
  }
  f->raw_bytes = n;
  if (pack->hash_inputs) {
    SHA256((const unsigned char *)data, n, f->sha256);
  }

  if (ends_with(rel, ".xlsx")) {  // a workbook: bytes, read by xlsx_read.c
    f->data = data;
    f->len = n;
    return true;
  }
  return src_text(pack, f, data, n);
}

static void record_input(Pack *pack, const SrcFile *f, const char *role)
{
  if (pack->n_inputs == pack->cap_inputs) {
    pack->cap_inputs = pack->cap_inputs ? pack->cap_inputs * 2 : 64;
    pack->inputs = xrealloc(pack->inputs, (size_t)pack->cap_inputs * sizeof *pack->inputs);
  }
  InputFile *in = &pack->inputs[pack->n_inputs++];
  memset(in, 0, sizeof *in);
  in->path = f->path;
  in->role = role;
  in->bytes = f->raw_bytes;
  memcpy(in->sha256, f->sha256, sizeof in->sha256);
  if (pack->keep_text)  // the data is then kept, not freed after reading
    in->text = f->data, in->text_len = f->len;
}

void pack_drop_text(Pack *pack)
{
  for (int i = 0; i < pack->n_inputs; i++) {
    free(pack->inputs[i].text);
    pack->inputs[i].text = NULL;
  }
  pack->keep_text = false;
}

//
// pack.yml
//

static const YNode *want_map(Pack *pack, const YNode *v, const char *key)
{
  if (v->kind == YN_MAP)
    return v;
  if (!(v->kind == YN_SCALAR && v->plain && !*v->str))
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be a mapping, not %s", key, ynode_kind_name(v));
  return NULL;
}

static void read_history(Pack *pack, const YNode *v)
{
  if (v->kind != YN_SEQ) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'history' must be a list, not %s", ynode_kind_name(v));
    return;
  }
  pack->history = arena_alloc(&pack->arena, (size_t)(v->n ? v->n : 1) * sizeof *pack->history);
  for (int i = 0; i < v->n; i++) {
    const YNode *m = v->kids[i];
    if (m->kind != YN_MAP) {
      diag_add(pack, m->pos, RULE_E_FIELD, NULL, "each revision must be a mapping, not %s", ynode_kind_name(m));
      continue;
    }
    Revision *r = &pack->history[pack->n_history++];
    r->pos = m->pos;
    for (int j = 0; j < m->n / 2; j++) {
      const char *k = KEY(m, j)->str;
      const YNode *x = VAL(m, j);
      DateVal d;
      if (strcmp(k, "version") == 0) yscalar_str(pack, x, k, NULL, &r->version);
      else if (strcmp(k, "date") == 0) {
        if (ydate(pack, x, k, &d) && d.valid)
          r->date = (Str){arena_strdup(&pack->arena, x->str), x->pos, NULL};
      } else if (strcmp(k, "author") == 0) yscalar_str(pack, x, k, NULL, &r->author);
      else if (strcmp(k, "change") == 0) yscalar_str(pack, x, k, NULL, &r->change);
      else ykey_unknown(pack, KEY(m, j), "a revision", "version date author change");
    }
  }
}

/* document.distribution: a list of recipients or roles; a single text is a list of one. */
static void read_distribution(Pack *pack, const YNode *v)
{
  StrList *out = &pack->doc_distribution;
  out->present = true;
  out->pos = v->pos;
  if (v->kind == YN_MAP) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'distribution' must be a list of recipients or roles, not a mapping");
    return;
  }
  out->v = arena_alloc(&pack->arena, (size_t)(v->kind == YN_SEQ && v->n ? v->n : 1) * sizeof *out->v);
  for (int i = 0; i < (v->kind == YN_SEQ ? v->n : 1); i++) {
    Str s;
    if (yscalar_str(pack, v->kind == YN_SEQ ? v->kids[i] : v, "distribution", "a list of recipients or roles", &s) &&
        s.s)
      out->v[out->n++] = s;
  }
}

static void read_document(Pack *pack, const YNode *m)
{
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    if (strcmp(k, "id") == 0) {
      yscalar_str(pack, v, k, NULL, &pack->doc_id);
      const char *s = pack->doc_id.s;
      bool ok = s && *s && strlen(s) <= 64 && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", *s);
      for (const char *p = s; ok && *p; p++)
        ok = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p) != NULL;
      if (s && !ok) {
        char odd[96];
        bool oddity = utf8_oddity(s, odd, sizeof odd);
        diag_add(pack, v->pos, RULE_E_FIELD, NULL,
                 "invalid document id '%s' (letters, digits, '.', '_' or '-'; at most 64%s%s)", s,
                 oddity ? "; it holds " : "", oddity ? odd : "");
        pack->doc_id.s = NULL;
      }
    } else if (strcmp(k, "title") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_title);
    else if (strcmp(k, "version") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_version);
    else if (strcmp(k, "classification") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_classification);
    else if (strcmp(k, "owner") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_owner);
    else if (strcmp(k, "approved_by") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_approved_by);
    else if (strcmp(k, "approved_on") == 0) ydate(pack, v, k, &pack->doc_approved_on);
    else if (strcmp(k, "history") == 0) read_history(pack, v);
    else if (strcmp(k, "distribution") == 0) read_distribution(pack, v);
    else if (strcmp(k, "master") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_master);
    else if (strcmp(k, "retention") == 0) yscalar_str(pack, v, k, NULL, &pack->doc_retention);
    else ykey_unknown(pack, KEY(m, i), "'document'",
                      "id title version classification owner approved_by approved_on history distribution master retention");
  }
}

static void read_thresholds(Pack *pack, const YNode *m)
{
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    Num n;
    if (strcmp(k, "risk_coverage") == 0) {
      Enum e;
      if (yenum(pack, v, k, risk_names, risk_vals, &e) && e.v)
        pack->risk_coverage = e;
    } else if (strcmp(k, "stale_grace_days") == 0) {
      if (ynum(pack, v, k, &n) && n.valid) {
        if (n.v < 0 || n.v > 3660 || n.v != (int)n.v)
          diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'stale_grace_days' must be a whole number of days from 0 to 3660");
        else
          pack->stale_grace_days = (int)n.v;
      }
    } else if (strcmp(k, "require_evidence") == 0) {
      Str b;
      if (yscalar_str(pack, v, k, "true or false", &b) && b.s) {
        if (str_ieq(b.s, "true") || str_ieq(b.s, "false"))
          pack->require_evidence = str_ieq(b.s, "true");
        else
          diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'require_evidence' must be true or false, not '%s'", b.s);
      }
    } else if (strcmp(k, "at_risk_tolerance") == 0) {
      if (ynum(pack, v, k, &n) && n.valid) {
        if (n.v < 0 || n.v > 1)
          diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'at_risk_tolerance' must be between 0 and 1");
        else
          pack->at_risk_tolerance = n.v;
      }
    } else {
      ykey_unknown(pack, KEY(m, i), "'thresholds'", "risk_coverage stale_grace_days require_evidence at_risk_tolerance");
    }
  }
}

static void read_rule_overrides(Pack *pack, const YNode *m)
{
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    int r = rule_index(k);
    Str s;
    if (r < 0 && (r = rule_index_looks(k)) >= 0) {  // read as unknown, its override would not apply unseen
      diag_add(pack, KEY(m, i)->pos, RULE_E_FIELD, NULL,
               "rule '%s' in 'rules' must be written '%s': as written it is not read, and the rule keeps its "
               "default severity", k, rules[r].id);
      continue;
    }
    if (r < 0) {
      diag_add(pack, KEY(m, i)->pos, RULE_W_KEY, NULL, "unknown rule '%s' in 'rules'", k);
      continue;
    }
    if (!yscalar_str(pack, v, k, NULL, &s) || !s.s)
      continue;
    Severity sev;
    if (str_ieq(s.s, "error")) sev = SEV_ERROR;
    else if (str_ieq(s.s, "warning")) sev = SEV_WARNING;
    else if (str_ieq(s.s, "off")) sev = SEV_OFF;
    else {
      diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid severity '%s' for rule '%s' (expected error, warning or off)", s.s, k);
      continue;
    }
    if (rule_family(r, "E-")) {
      diag_add(pack, v->pos, RULE_E_FIELD, NULL, "rule '%s' cannot be overridden: a file with this error is not usable", k);
      continue;
    }
    pack->rule_sev[r] = sev;
    pack->rule_overridden[r] = true;
  }
}

static void read_limits(Pack *pack, const YNode *m)
{
  static const struct { const char *key; size_t off; bool is_long; long max; } L[] = {
    {"file_size", offsetof(Limits, file_size), true, 1L << 40},
    {"yaml_depth", offsetof(Limits, yaml_depth), false, 10000},
    {"csv_field", offsetof(Limits, csv_field), true, 1L << 30},
    {"objectives", offsetof(Limits, objectives), true, 100000000},
    {"id_length", offsetof(Limits, id_length), false, 4096},
    {"title_length", offsetof(Limits, title_length), false, 100000},
    {"template_size", offsetof(Limits, template_size), true, 1L << 28},
  };
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    size_t j = 0;
    while (j < sizeof L / sizeof *L && strcmp(L[j].key, k) != 0)
      j++;
    if (j == sizeof L / sizeof *L) {
      ykey_unknown(pack, KEY(m, i), "'limits'", "file_size yaml_depth csv_field objectives id_length title_length template_size");
      continue;
    }
    Num n;
    if (!ynum(pack, v, k, &n) || !n.valid)
      continue;
    if (n.v < 1 || n.v > (double)L[j].max || n.v != (long)n.v) {
      diag_add(pack, v->pos, RULE_E_FIELD, NULL, "limit '%s' must be a whole number from 1 to %ld", k, L[j].max);
      continue;
    }
    char *field = (char *)&pack->limits + L[j].off;
    if (L[j].is_long)
      *(long *)field = (long)n.v;
    else
      *(int *)field = (int)n.v;
  }
}

/* A text scalar as given, spaces kept (" " is a value of csv.thousands). */
static const char *raw_scalar(Pack *pack, const YNode *v, const char *key)
{
  if (v->kind != YN_SCALAR) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be a text, not %s", key, ynode_kind_name(v));
    return NULL;
  }
  return v->str;
}

/* csv: how the pack's CSV files are written (SPEC section 11). */
static void read_csv_config(Pack *pack, const YNode *m)
{
  static const char *const dates[] = {"YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY", NULL};
  const YNode *thousands_node = NULL;
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    const char *s = NULL;
    if (strcmp(k, "encoding") == 0) {
      if (!(s = raw_scalar(pack, v, k)))
        continue;
      int e = csv_encoding_parse(s);
      if (e < 0)
        diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid csv.encoding '%s' (expected utf-8, windows-1252, iso-8859-1, iso-8859-15 or windows-1250)", s);
      else
        pack->csv.encoding = (CsvEncoding)e;
    } else if (strcmp(k, "decimal") == 0) {
      if (!(s = raw_scalar(pack, v, k)))
        continue;
      if (str_ieq(s, "auto"))
        pack->csv.decimal = 0;
      else if (strcmp(s, ".") == 0 || strcmp(s, ",") == 0)
        pack->csv.decimal = s[0];
      else
        diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid csv.decimal '%s' (expected auto, \".\" or \",\")", s);
    } else if (strcmp(k, "thousands") == 0) {
      if (!(s = raw_scalar(pack, v, k)))
        continue;
      thousands_node = v;
      if (str_ieq(s, "none"))
        pack->csv.thousands = 0;
      else if (str_ieq(s, "space"))
        pack->csv.thousands = ' ';
      else if (strlen(s) == 1 && strchr(".,' ", s[0]))
        pack->csv.thousands = s[0];
      else
        diag_add(pack, v->pos, RULE_E_FIELD, NULL,
                 "invalid csv.thousands '%s' (expected none, \".\", \",\", \" \" or \"'\")", s);
    } else if (strcmp(k, "date") == 0) {
      if (!(s = raw_scalar(pack, v, k)))
        continue;
      int d = 0;
      while (dates[d] && !str_ieq(dates[d], s))
        d++;
      if (!dates[d])
        diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid csv.date '%s' (expected YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY)", s);
      else
        pack->csv.date = (DateFormat)d;
    } else {
      ykey_unknown(pack, KEY(m, i), "'csv'", "encoding decimal thousands date");
    }
  }
  if (pack->csv.thousands && pack->csv.thousands == pack->csv.decimal) {
    diag_add(pack, thousands_node->pos, RULE_E_FIELD, NULL, "csv.thousands cannot be the decimal mark too");
    pack->csv.thousands = 0;
  }
}

/* vocabulary: {field: {term: English value}} */
static void read_vocabulary(Pack *pack, const YNode *m)
{
  for (int i = 0; i < m->n / 2; i++) {
    const char *k = KEY(m, i)->str;
    const YNode *v = VAL(m, i);
    if (v->kind != YN_MAP) {
      want_map(pack, v, k);
      continue;
    }
    for (int j = 0; j < v->n / 2; j++) {
      const YNode *t = KEY(v, j), *x = VAL(v, j);
      if (t->kind != YN_SCALAR || x->kind != YN_SCALAR) {
        diag_add(pack, x->pos, RULE_E_FIELD, NULL, "a vocabulary entry maps a text to a text");
        continue;
      }
      bool known, clash;
      bool added = vocab_add(pack, k, arena_strdup(&pack->arena, t->str), x->str, &known, &clash);
      if (clash) {  // "Behandeln: modify" then "behandeln: retain": the file would be read one way unseen
        diag_add(pack, t->pos, RULE_E_FIELD, NULL,
                 "vocabulary maps '%s' to '%s', but '%s' already reads as another %s (terms are matched in any case)",
                 t->str, x->str, t->str, k);
        continue;
      }
      if (!added) {
        if (!known) {
          diag_add(pack, KEY(m, i)->pos, RULE_E_FIELD, NULL,
                   "unknown vocabulary field '%s' (expected status, level, direction, frequency or treatment)", k);
          break;
        }
        diag_add(pack, x->pos, RULE_E_FIELD, NULL, "vocabulary maps '%s' to '%s', which is no %s (expected %s)", t->str,
                 x->str, k, vocab_values(&pack->arena, k));
      }
    }
  }
}

/* risk_levels: {level: lowest score}; replaces the default scale. */
static void read_risk_levels(Pack *pack, const YNode *m)
{
  double bound[6];
  bool set[6] = {false};
  bool ok = true;
  for (int i = 0; i < m->n / 2; i++) {
    const YNode *kn = KEY(m, i), *v = VAL(m, i);
    int l = kn->kind == YN_SCALAR ? vocab_lookup(pack, VF_RISK_LEVEL, kn->str) : 0;
    Num n;
    if (!l) {
      diag_add(pack, kn->pos, RULE_E_FIELD, NULL, "invalid risk level '%s' in risk_levels (expected low, medium, high, very high or critical)",
               kn->kind == YN_SCALAR ? kn->str : "");
      ok = false;
    } else if (!ynum(pack, v, kn->str, &n) || !n.valid) {
      ok = false;
      if (!n.present)
        diag_add(pack, v->pos, RULE_E_FIELD, NULL, "risk level '%s' needs its lowest score", kn->str);
    } else if (set[l]) {  // "high: 10" and "High: 12": one would win unseen
      diag_add(pack, kn->pos, RULE_E_FIELD, NULL, "risk level '%s' is given twice in risk_levels", kn->str);
      ok = false;
    } else {
      bound[l] = n.v;
      set[l] = true;
    }
  }
  double prev = 0;
  const YNode *prev_node = NULL;
  for (int l = RISK_LOW; l <= RISK_CRITICAL; l++) {
    if (!set[l])
      continue;
    if (prev_node && bound[l] <= prev) {
      for (int i = 0; i < m->n / 2; i++)
        if (vocab_lookup(pack, VF_RISK_LEVEL, KEY(m, i)->str) == l)
          diag_add(pack, VAL(m, i)->pos, RULE_E_FIELD, NULL,
                   "risk_levels: the lowest score of '%s' must be above that of every lower level", KEY(m, i)->str);
      ok = false;
    }
    prev = bound[l];
    prev_node = m;
  }
  if (!ok)
    return;
  memcpy(pack->risk_bound, bound, sizeof bound);
  memcpy(pack->risk_bound_set, set, sizeof set);
}

/* language: read first, since it decides which words the other keys may use. */
static void read_language(Pack *pack, const YNode *root)
{
  for (int i = 0; i < root->n / 2; i++) {
    const YNode *kn = KEY(root, i), *v = VAL(root, i);
    Str s;
    if (kn->kind != YN_SCALAR || strcmp(kn->str, "language") != 0 || !yscalar_str(pack, v, "language", NULL, &s) || !s.s)
      continue;
    int l = 0;
    while (language_names[l] && !str_ieq(language_names[l], s.s))
      l++;
    if (language_names[l])
      pack->language = (Language)l;
    else
      diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid language '%s' (expected en, de or fr)", s.s);
  }
}

// The keys of pack.yml whose value is a mapping, and the reader of each.
static const struct {
  const char *key;
  void (*read)(Pack *pack, const YNode *m);
} yml_sections[] = {
  {"csv", read_csv_config}, {"vocabulary", read_vocabulary}, {"risk_levels", read_risk_levels},
  {"document", read_document}, {"thresholds", read_thresholds}, {"rules", read_rule_overrides},
  {"limits", read_limits},
};

/* One key of pack.yml (language aside): a section's mapping, organisation or as_of. */
static void read_pack_key(Pack *pack, const YNode *kn, const YNode *v, Date *as_of)
{
  const char *k = kn->str;
  Str s;
  DateVal d;
  const YNode *m;
  if (strcmp(k, "document") == 0)
    pack->doc_pos = kn->pos;  // where 7.5-control points, whatever the value
  for (size_t j = 0; j < sizeof yml_sections / sizeof *yml_sections; j++) {
    if (strcmp(k, yml_sections[j].key) == 0) {
      if ((m = want_map(pack, v, k)))
        yml_sections[j].read(pack, m);
      return;
    }
  }
  if (strcmp(k, "organisation") == 0) {
    yscalar_str(pack, v, k, NULL, &s);
    pack->organisation = s.s;
    pack->organisation_pos = s.pos;
  } else if (strcmp(k, "as_of") == 0) {
    if (ydate(pack, v, k, &d) && d.valid)
      *as_of = d.v;
  } else {
    ykey_unknown(pack, kn, "pack.yml", "language organisation as_of csv vocabulary risk_levels document thresholds rules limits");
  }
}

/* pack.yml; returns the as_of it sets, or DATE_NONE. */
static Date read_pack_yml(Pack *pack, const SrcFile *f)
{
  const YNode *root = yaml_load(pack, f->path, f->data, f->len, 1);
  Date as_of = DATE_NONE;
  if (!root)
    return as_of;
  if (root->kind != YN_MAP) {
    diag_add(pack, root->pos, RULE_E_YAML, NULL, "pack.yml must be a mapping, not %s", ynode_kind_name(root));
    return as_of;
  }
  read_language(pack, root);
  for (int i = 0; i < root->n / 2; i++) {
    const YNode *kn = KEY(root, i);
    if (kn->kind != YN_SCALAR)
      diag_add(pack, kn->pos, RULE_E_FIELD, NULL, "a key must be a text, not %s", ynode_kind_name(kn));
    else if (strcmp(kn->str, "language") != 0)  // read above
      read_pack_key(pack, kn, VAL(root, i), &as_of);
  }
  return as_of;
}

/* The evaluation date when neither --as-of nor pack.yml gives one. */
static Date default_as_of(void)
{
  int64_t secs;
  return date_from_unix(source_date_epoch(&secs) == 1 ? secs : (int64_t)time(NULL));
}

/* A template of the pack's own: kept, and its placeholders checked. */
static void read_template(Pack *pack, const SrcFile *f)
{
  static const char *const known[] = {"templates/objective.md", "templates/register.md", "templates/review.md",
                                      "templates/record.md"};
  const char **slot[] = {&pack->tpl_objective, &pack->tpl_register, &pack->tpl_review, &pack->tpl_record};
  for (int i = 0; i < 4; i++) {
    if (strcmp(f->path, known[i]) == 0) {
      tpl_check(pack, f->path, f->data);
      *slot[i] = arena_strndup(&pack->arena, f->data, f->len);
      return;
    }
  }
  diag_add(pack, (Pos){f->path, 0, 0}, RULE_W_KEY, NULL,
           "unknown template '%s' (objective.md, register.md, review.md or record.md); not used", f->path);
}

//
// The driver
//

void pack_add_objective(Pack *pack, Objective *o)
{
  Objective *prev = map_get(&pack->obj_by_id, o->id.s);
  o->index = -1;  // not in the pack (yet): its findings are linked by id
  if (prev) {
    diag_add(pack, o->id.pos, RULE_E_DUP, o, "objective id '%s' already defined in '%s'; file not used", o->id.s, prev->file);
    if (o->body)
      cmark_node_free(o->body);
    return;
  }
  if (pack->n_objectives >= pack->limits.objectives) {
    diag_add(pack, o->pos, RULE_E_LIMIT, o, "the pack has more than %ld objectives (limits: objectives); file not used", pack->limits.objectives);
    if (o->body)
      cmark_node_free(o->body);
    return;
  }
  if (pack->n_objectives % 256 == 0)
    pack->objectives = xrealloc(pack->objectives, (size_t)(pack->n_objectives + 256) * sizeof *pack->objectives);
  o->index = pack->n_objectives;
  pack->objectives[pack->n_objectives++] = o;
  map_put(&pack->obj_by_id, o->id.s, o);
}

void pack_init(Pack *pack)
{
  memset(pack, 0, sizeof *pack);
  arena_init(&pack->arena);
  arena_init(&pack->scratch);
  arena_init(&pack->ctx_arena);
  pack->as_of = DATE_NONE;
  pack->root_fd = -1;
  pack->risk_coverage.v = RISK_HIGH;
  pack->stale_grace_days = 14;
  pack->at_risk_tolerance = 0.10;
  pack->limits = (Limits){16L << 20, 32, 64L << 10, 100000, 64, 300, 1L << 20};
  static const double bounds[] = {0, 1, 5, 10, 15, 20};  // risk_levels: low 1 ... critical 20
  for (int l = RISK_LOW; l <= RISK_CRITICAL; l++)
    pack->risk_bound[l] = bounds[l], pack->risk_bound_set[l] = true;
  map_init(&pack->obj_by_id);
  map_init(&pack->policy_by_id);
  map_init(&pack->policy_lookalike);
  map_init(&pack->risk_by_id);
  map_init(&pack->req_by_id);
}

// The objective files, and then the progress files, are read on two threads
// when the run may use them (-j, default 2): this thread takes files from the
// front of the list and a helper from the back until they meet, so that each
// reads a run of whole files and neither waits long for the other.  The
// helper reads into a Pack of its own: its own arena, scratch memory,
// findings and progress rows, the main pack's settings, and its objectives to
// look up (read only, complete before the progress files).  The objective and
// progress readers touch nothing else.  Then the helper's objectives and
// inputs are added in file order, its rows appended after this thread's file
// by file, its findings appended (they are sorted later, by what they say)
// and its arena taken over: the model is the one a single thread builds,
// wherever the two met.  These files are 85 % of `check`.

typedef struct {
  SrcFile f;        // as read (its data freed); f.path NULL when it could not be
  Objective *o;     // an objective file's objective, or NULL
  long rows[4][2];  // the helper's: where its rows start and end in the helper's arrays (see ROWS)
} FileRead;

static void read_one(Pack *pack, const char *path, const char *role, FileRead *r)
{
  memset(r, 0, sizeof *r);
  if (!src_read(pack, path, &r->f)) {
    r->f.path = NULL;
    pack->progress_unused += strcmp(role, "progress") == 0;
    return;
  }
  if (strcmp(role, "objective") == 0)
    r->o = objective_read(pack, &r->f);
  else if (ends_with(path, ".xlsx"))
    progress_read_xlsx(pack, &r->f);
  else
    progress_read(pack, &r->f);
  if (!pack->keep_text) {  // else record_input keeps it
    free(r->f.data);
    r->f.data = NULL;
  }
  arena_reset(&pack->scratch);
}

/* What a file read gives the main pack, in file order. */
static void add_read(Pack *pack, FileRead *r, const char *role)
{
  if (!r->f.path)
    return;
  record_input(pack, &r->f, role);
  if (r->o)
    pack_add_objective(pack, r->o);
}

/* The four row arrays a progress file adds to, as (array, length, capacity,
 * row size): measurements, actions, decisions and sheets. */
#define ROWS(p)                                                                                   \
  {{(void **)&(p)->mrows, &(p)->n_mrows, &(p)->cap_mrows, sizeof *(p)->mrows},                    \
   {(void **)&(p)->arows, &(p)->n_arows, &(p)->cap_arows, sizeof *(p)->arows},                    \
   {(void **)&(p)->drows, &(p)->n_drows, &(p)->cap_drows, sizeof *(p)->drows},                    \
   {(void **)&(p)->sheets, &(p)->n_sheets, &(p)->cap_sheets, sizeof *(p)->sheets}}
typedef struct {
  void **v;
  long *len, *cap;
  size_t size;
} Rows;

/* The files of one role shared by two threads: this one takes them from the
 * front, the helper from the back, until they meet; so each has a run of
 * whole files, and neither waits for a slower share. */
typedef struct {
  Pack sub;
  const Found *files;
  const char *role;
  FileRead *out;
  pthread_mutex_t lock;
  int front, back;  // the files front..back-1 are not taken yet
} Share;

/* The index of the next file for this thread (from the front) or the helper
 * (from the back); -1 when none is left. */
static int take(Share *h, bool from_back)
{
  pthread_mutex_lock(&h->lock);
  int i = h->front == h->back ? -1 : from_back ? --h->back : h->front++;
  pthread_mutex_unlock(&h->lock);
  return i;
}

static void *read_back(void *arg)
{
  Share *h = arg;
  Rows rows[4] = ROWS(&h->sub);
  for (int i; (i = take(h, true)) >= 0;) {
    long before[4];
    for (int k = 0; k < 4; k++)
      before[k] = *rows[k].len;
    read_one(&h->sub, h->files[i].path, h->role, &h->out[i]);
    for (int k = 0; k < 4; k++)
      h->out[i].rows[k][0] = before[k], h->out[i].rows[k][1] = *rows[k].len;
  }
  return NULL;
}

/* Append n rows of r.size at src to the array r. */
static void append_rows(Rows r, const void *src, long n)
{
  if (n == 0)
    return;
  if (*r.len + n > *r.cap) {
    *r.cap = *r.len + n;
    *r.v = xrealloc(*r.v, (size_t)*r.cap * r.size);
  }
  memcpy((char *)*r.v + (size_t)*r.len * r.size, src, (size_t)n * r.size);
  *r.len += n;
}

/* Room in p->mrows for the measurement rows of bytes of progress files, at
 * about 32 bytes a row (a row of the bench's packs takes 50 to 70): the array
 * then grows without copies, each page of it touched once.  Untouched room
 * costs address space only. */
static void reserve_rows(Pack *p, off_t bytes)
{
  long n = p->n_mrows + (long)(bytes / 32);
  if (p->cap_mrows < n) {
    p->cap_mrows = n;
    p->mrows = xrealloc(p->mrows, (size_t)n * sizeof *p->mrows);
  }
}

/* Read the n files v[0..n) of one role, in their (sorted) order, on two threads when allowed. */
static void read_files(Pack *pack, const Found *v, int n, const char *role, int threads)
{
  bool progress = strcmp(role, "progress") == 0;
  off_t total = 0;
  for (int i = 0; progress && i < n; i++)
    total += v[i].size;
  Share h = {.files = v, .role = role, .back = n};
  pthread_t tid;
  bool two = threads > 1 && (progress ? n >= 2 : n >= 64);  // else not worth a thread
  if (two) {
    h.sub = *pack;  // the settings and the objectives; then its own memory, findings and rows
    arena_init(&h.sub.arena);
    arena_init(&h.sub.scratch);
    memset(&h.sub.diags, 0, sizeof h.sub.diags);
    h.sub.mrows = NULL, h.sub.n_mrows = h.sub.cap_mrows = 0;
    h.sub.arows = NULL, h.sub.n_arows = h.sub.cap_arows = 0;
    h.sub.drows = NULL, h.sub.n_drows = h.sub.cap_drows = 0;
    h.sub.sheets = NULL, h.sub.n_sheets = h.sub.cap_sheets = 0;
    h.sub.progress_unused = 0;
    h.out = xcalloc((size_t)n, sizeof *h.out);
    if (progress)
      reserve_rows(&h.sub, total / 2);  // about its share; more grows the array
    pthread_mutex_init(&h.lock, NULL);
    two = pthread_create(&tid, NULL, read_back, &h) == 0;
    if (!two) {
      free(h.out);
      free(h.sub.mrows);
      pthread_mutex_destroy(&h.lock);
    }
  }
  if (progress)
    reserve_rows(pack, total);  // its own rows, then the helper's appended
  for (int i; (i = two ? take(&h, false) : h.front < n ? h.front++ : -1) >= 0;) {
    FileRead r;
    read_one(pack, v[i].path, role, &r);
    add_read(pack, &r, role);
    if (pack->n_inputs % 512 == 0)
      progress_note("reading: %d of %d %s files", i + 1, n, role);
  }
  if (!two)
    return;
  pthread_join(tid, NULL);
  pthread_mutex_destroy(&h.lock);
  Rows to[4] = ROWS(pack), from[4] = ROWS(&h.sub);
  for (int i = h.front; i < n; i++) {  // the helper's files, in file order
    add_read(pack, &h.out[i], role);
    for (int k = 0; k < 4; k++)
      if (h.out[i].rows[k][1] > h.out[i].rows[k][0])
        append_rows(to[k], (char *)*from[k].v + (size_t)h.out[i].rows[k][0] * from[k].size,
                    h.out[i].rows[k][1] - h.out[i].rows[k][0]);
  }
  for (int k = 0; k < 4; k++)
    free(*from[k].v);
  diag_take(&pack->diags, &h.sub.diags);
  pack->progress_unused += h.sub.progress_unused;
  arena_adopt(&pack->arena, &h.sub.arena);
  arena_release(&h.sub.scratch);
  free(h.out);
}

static void read_all(Pack *pack, Walk *w, Date as_of_option, Date as_of_fallback, int threads);

int pack_load(Pack *pack, const char *root, Date as_of_option, int flags, int threads)
{
  pack_init(pack);
  pack->hash_inputs = flags & LOAD_HASH;
  pack->keep_text = flags & LOAD_TEXT;
  pack->root = root;

  struct stat st;
  if (stat(root, &st) != 0) {
    fprintf(stderr, "objreg: error: cannot read pack '%s': %s\n", root, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "objreg: error: cannot read pack '%s': not a folder\n", root);
    return -1;
  }
  Walk w = {.pack = pack, .real_root = realpath(root, NULL)};
  if (!w.real_root || (pack->root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
    fprintf(stderr, "objreg: error: cannot read pack '%s': %s\n", root, strerror(errno));
    free(w.real_root);
    return -1;
  }
  pack->root_real = arena_strdup(&pack->arena, w.real_root);
  top_file(&w, "pack.yml", "pack");
  top_file(&w, "policy.md", "policy");
  top_file(&w, "risks.csv", "risks");
  top_file(&w, "requirements.csv", "requirements");
  top_dir(&w, "objectives", ".md", "objective");
  top_dir(&w, "reviews", ".md", "review");
  top_dir(&w, "progress", ".csv", "progress");
  top_dir(&w, "templates", ".md", "template");
  read_all(pack, &w, as_of_option, DATE_NONE, threads);
  return 0;
}

/* The files of one role read on this thread and a helper (read_files): the
 * objectives and the progress files, which may be many. */
static void read_in_parallel(Pack *pack, const Walk *w, const char *role, int threads)
{
  Found *these = xmalloc(((size_t)w->n + 1) * sizeof *these);
  int n = 0;
  for (int i = 0; i < w->n; i++)
    if (strcmp(w->v[i].role, role) == 0)
      these[n++] = w->v[i];
  read_files(pack, these, n, role, threads);
  free(these);
}

/* The files of role order[k] read one after the other, in path order; the
 * as_of pack.yml states (k == 0), else DATE_NONE. */
static Date read_in_turn(Pack *pack, const Walk *w, size_t k, const char *role)
{
  Date as_of = DATE_NONE;
  for (int i = 0; i < w->n; i++) {
    if (strcmp(w->v[i].role, role) != 0)
      continue;
    SrcFile f;
    if (!src_read(pack, w->v[i].path, &f))
      continue;
    record_input(pack, &f, w->v[i].role);
    if (pack->n_inputs % 512 == 0)
      progress_note("reading: %d of %d files", pack->n_inputs, w->n);
    switch (k) {
    case 0: as_of = read_pack_yml(pack, &f); break;
    case 1: policy_read(pack, &f); break;
    case 2: registers_read_risks(pack, &f); break;
    case 3: registers_read_reqs(pack, &f); break;
    case 5: meeting_read(pack, &f); break;
    default: read_template(pack, &f); break;
    }
    if (!pack->keep_text)
      free(f.data);
    arena_reset(&pack->scratch);
  }
  return as_of;
}

static void walk_release(Walk *w)
{
  for (int i = 0; i < w->n; i++)
    free(w->v[i].path);
  free(w->v);
  free(w->seen_dev);
  free(w->seen_ino);
  free(w->real_root);
}

/* Read the files found, in role order: pack.yml first, which sets limits,
 * thresholds and rule severities for the rest; then free the walk. */
static void read_all(Pack *pack, Walk *w_, Date as_of_option, Date as_of_fallback, int threads)
{
  Walk w = *w_;
  qsort(w.v, (size_t)w.n, sizeof *w.v, found_cmp);
  pack->found_policy = top_exists(&w, "policy.md");
  pack->found_risks = top_exists(&w, "risks.csv");
  pack->found_reqs = top_exists(&w, "requirements.csv");

  // pack.yml first: it sets limits, thresholds and rule severities for the rest.
  static const char *const order[] = {"pack", "policy", "risks", "requirements", "objective", "review", "progress",
                                      "template"};
  for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
    if (strcmp(order[k], "objective") == 0 || strcmp(order[k], "progress") == 0) {
      read_in_parallel(pack, &w, order[k], threads);
      continue;
    }
    Date as_of = read_in_turn(pack, &w, k, order[k]);
    if (k == 5)
      meetings_settle(pack);  // by date, before the progress files name them
    if (k == 0)
      pack->as_of = as_of_option != DATE_NONE ? as_of_option
                    : as_of != DATE_NONE      ? as_of
                    : as_of_fallback != DATE_NONE ? as_of_fallback
                                              : default_as_of();
  }

  evidence_resolve(pack, pack->root_fd, pack->root_real, threads);  // the files progress rows name
  diag_link_objectives(pack);
  close(pack->root_fd);  // every pack file is read
  pack->root_fd = -1;
  walk_release(&w);
}

const char *pack_role(const char *rel)
{
  static const struct { const char *path, *role; } top[] = {
      {"pack.yml", "pack"}, {"policy.md", "policy"}, {"risks.csv", "risks"}, {"requirements.csv", "requirements"}};
  static const struct { const char *dir, *ext, *role; } dirs[] = {
      {"objectives/", ".md", "objective"}, {"reviews/", ".md", "review"}, {"progress/", ".csv", "progress"},
      {"progress/", ".xlsx", "progress"}, {"templates/", ".md", "template"}};  // as walk_dir finds them
  for (size_t i = 0; i < sizeof top / sizeof *top; i++)
    if (strcmp(rel, top[i].path) == 0)
      return top[i].role;
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
    size_t n = strlen(dirs[i].dir);
    if (strncmp(rel, dirs[i].dir, n) != 0 || !ends_with(rel, dirs[i].ext))
      continue;
    for (const char *p = rel + n - 1; p; p = strchr(p + 1, '/'))
      if (p[1] == '.' || p[1] == '/' || p[1] == '\0')
        return NULL;  // a hidden name or an empty one
    return dirs[i].role;
  }
  return NULL;
}

/* A file listed by a PackSource: kept when it is a file of a pack. */
static void source_found(void *arg, const char *path)
{
  const char *role = pack_role(path);
  if (role)
    found_add(arg, path, role, 0);
}

int pack_load_source(Pack *pack, const char *label, const PackSource *src, Date as_of_fallback, int threads)
{
  pack_init(pack);
  pack->root = label;
  pack->source = src;
  Walk w = {.pack = pack};
  if (src->list(src->ctx, source_found, &w) != 0) {
    for (int i = 0; i < w.n; i++)
      free(w.v[i].path);
    free(w.v);
    return -1;
  }
  read_all(pack, &w, DATE_NONE, as_of_fallback, threads);
  return 0;
}

Str pack_doc_id(const Pack *pack)
{
  if (pack->doc_id.s)
    return pack->doc_id;
  return (Str){"ISMS-OBJ", {"pack.yml", 0, 0}, NULL};
}

void pack_free(Pack *pack)
{
  for (int i = 0; i < pack->n_objectives; i++)
    if (pack->objectives[i]->body)
      cmark_node_free(pack->objectives[i]->body);
  if (pack->policy_doc)
    cmark_node_free(pack->policy_doc);
  for (int i = 0; i < pack->n_meetings; i++)
    if (pack->meetings[i]->body)
      cmark_node_free(pack->meetings[i]->body);
  free(pack->meetings);
  free(pack->drows);
  ref_history_free(pack->ref_history);
  free(pack->objectives);
  free(pack->mrows);
  free(pack->arows);
  free(pack->sheets);
  pack_drop_text(pack);
  free(pack->inputs);
  diag_context_release(pack);
  free(pack->vocab);
  map_release(&pack->obj_by_id);
  map_release(&pack->policy_by_id);
  map_release(&pack->policy_lookalike);
  map_release(&pack->risk_by_id);
  map_release(&pack->req_by_id);
  diag_release(&pack->diags);
  arena_release(&pack->scratch);
  arena_release(&pack->arena);
}
