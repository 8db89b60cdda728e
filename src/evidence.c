/*
 * evidence.c - the evidence a progress row names (SPEC section 19), so that an
 * auditor can check it: a URL, a file of the repository, or a reference kept
 * as text (a document number in a DMS).
 *
 * A path is relative to the repository root: the Git work tree that holds the
 * pack, else the pack's folder.  A path that names no file there is tried
 * relative to the pack's folder too (a pack copied out of its repository, or
 * a path written from the pack), the repository root winning when both have
 * it.  Either way it is normalised ("a/./b", "a/../b"), may never climb above
 * the root, and is opened beneath the root the way pack files are
 * (open_beneath: openat2 RESOLVE_BENEATH, else one component at a time),
 * non-blocking, and checked to be a regular file on the descriptor.  Each
 * file becomes one input of role "evidence" (path relative to the repository
 * root), hashed when the build hashes inputs; every row that names it points
 * at it.  What cannot be used is P-EVIDENCE at the field, and never stops the
 * run.  Messages quote the value as written, never an absolute path.
 */
#include "objreg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

EvidenceKind evidence_kind(const char *s)
{
  if (!s || !*s)
    return EVK_NONE;
  size_t n = 0;
  if (isalpha((unsigned char)s[0])) {  // scheme ":" as in RFC 3986, two characters at least (not "C:")
    n = 1;
    while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
      n++;
    if (s[n] == ':' && n >= 2 && s[n + 1] && !isspace((unsigned char)s[n + 1]))
      return EVK_URL;
  }
  if (strchr(s, '/'))
    return EVK_PATH;
  const char *dot = strrchr(s, '.');
  if (dot && dot > s) {  // a file extension: 1 to 5 letters or digits, one letter at least
    size_t k = strlen(dot + 1);
    bool letter = false, ok = k >= 1 && k <= 5;
    for (const char *p = dot + 1; ok && *p; p++) {
      ok = isalnum((unsigned char)*p);
      letter |= isalpha((unsigned char)*p) != 0;
    }
    if (ok && letter)
      return EVK_PATH;
  }
  return EVK_REFERENCE;
}

typedef enum { NORM_OK, NORM_ABSOLUTE, NORM_ABOVE, NORM_LONG, NORM_EMPTY } Norm;

/* s normalised below the root ("a/./b//c" -> "a/b/c", "a/../b" -> "b") into
 * out; else why not: absolute, climbing above the root, too long, or naming
 * the root itself ("./"). */
static Norm normalise(const char *prefix, const char *s, char out[PATH_MAX])
{
  char tmp[PATH_MAX];
  size_t lp = strlen(prefix), ls = strlen(s);
  if (*s == '/')
    return NORM_ABSOLUTE;
  if (lp + ls >= sizeof tmp)
    return NORM_LONG;
  memcpy(tmp, prefix, lp);
  memcpy(tmp + lp, s, ls + 1);
  size_t len = 0;
  for (const char *c = tmp, *e; *c; c = e + (*e == '/')) {  // each name between slashes
    for (e = c; *e && *e != '/'; e++)
      ;
    size_t n = (size_t)(e - c);
    if (n == 0 || (n == 1 && c[0] == '.'))
      continue;
    if (n == 2 && c[0] == '.' && c[1] == '.') {
      if (len == 0)
        return NORM_ABOVE;
      while (len > 0 && out[len - 1] != '/')  // back to the folder above
        len--;
      len -= len > 0;
      continue;
    }
    if (len + (len > 0) + n >= PATH_MAX)
      return NORM_LONG;
    if (len)
      out[len++] = '/';
    memcpy(out + len, c, n);
    len += n;
  }
  out[len] = '\0';
  return len > 0 ? NORM_OK : NORM_EMPTY;
}

/* The SHA-256 and size of an open file. */
static bool hash_fd(int fd, unsigned char sha[32], size_t *bytes)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
  unsigned char buf[65536];
  *bytes = 0;
  for (ssize_t r; ok && (r = read(fd, buf, sizeof buf)) != 0;) {
    if (r < 0) {
      ok = errno == EINTR;
      continue;
    }
    ok = EVP_DigestUpdate(ctx, buf, (size_t)r);
    *bytes += (size_t)r;
  }
  unsigned int n = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, sha, &n) && n == 32;
  EVP_MD_CTX_free(ctx);
  return ok;
}

typedef struct {
  Pack *pack;            // where findings go (a helper's own pack while it locates)
  int root_fd;           // the repository root (or the pack's folder)
  const char *root_real;
  const char *prefix;    // the pack's folder below the root ("" or "sub/dir/")
  Map seen;              // normalised path -> the same, kept: files found
  Map dirs;              // folders looked up after a file was not found: DIR_MISSING or DIR_THERE
  Map by_path;           // repository-relative path -> index + 1 in pack->inputs
} EvCtx;

#define DIR_MISSING ((void *)1)
#define DIR_THERE ((void *)2)

/* The folder above dir (of length k), cut in place: its length, 0 for the root. */
static size_t up(char *dir, size_t k)
{
  while (k > 0 && dir[k] != '/')
    k--;
  dir[k] = '\0';
  return k;
}

/* Whether p's folder is known to be missing: it, or a folder above it.  After
 * a file was not found (probe), looks the folder up, and each folder above it
 * while they are missing too, and remembers them: a pack naming thousands of
 * evidence files in absent folders costs a lookup per folder that is there,
 * and one for the highest that is not. */
static bool in_missing_dir(EvCtx *c, const char *p, bool probe)
{
  const char *slash = strrchr(p, '/');
  if (!slash)
    return false;  // the root exists
  char dir[PATH_MAX];
  size_t n = (size_t)(slash - p), k;
  memcpy(dir, p, n);
  dir[n] = '\0';
  size_t there = 0;  // the length of the deepest folder known to be there, 0 for the root
  for (k = n; k > 0; k = up(dir, k)) {
    void *known = map_get(&c->dirs, dir);  // 1: missing, 2: there
    if (known == DIR_MISSING)
      return true;
    if (known) {  // a folder that is there has its folders above it
      there = k;
      break;
    }
  }
  if (!probe || there == n)
    return false;
  bool missing = false;
  memcpy(dir, p, n);
  dir[n] = '\0';
  for (k = n; k > there; k = up(dir, k)) {
    int fd = open_beneath(c->root_fd, c->root_real, dir, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
    bool gone = fd < 0 && errno == ENOENT;
    if (fd >= 0)
      close(fd);
    map_put(&c->dirs, arena_strdup(&c->pack->arena, dir), gone ? DIR_MISSING : DIR_THERE);
    if (!gone)
      break;
    missing = true;
  }
  return missing;
}

/* Whether a path (relative, '/'-separated) runs through a folder named .git
 * (as git compares it: case-insensitive): the repository's own database and
 * settings, never a file of the repository. */
static bool in_git_dir(const char *p)
{
  for (const char *c = p; *c; c += strcspn(c, "/"), c += *c == '/')
    if (strncasecmp(c, ".git", 4) == 0 && (c[4] == '/' || c[4] == '\0'))
      return true;
  return false;
}

/* Whether the file open on fd is, once every link is resolved, inside a .git
 * folder below the root (a link in the work tree that leads there); false
 * where the system cannot say (no /proc). */
static bool fd_in_git_dir(const EvCtx *c, int fd)
{
  char link[64], real[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, real, sizeof real - 1);
  if (n <= 0 || !c->root_real)
    return false;
  real[n] = '\0';
  size_t k = strlen(c->root_real);
  while (k > 1 && c->root_real[k - 1] == '/')
    k--;
  if (strncmp(real, c->root_real, k) != 0 || real[k] != '/')
    return false;
  return in_git_dir(real + k + 1);
}

/* Open the normalised path p below the root: the file, or -1 with errno
 * (EISDIR: not a regular file) and *git set when it is a file inside a .git
 * folder (through a link). */
static int open_at(EvCtx *c, const char *p, bool *git)
{
  *git = false;
  if (in_missing_dir(c, p, false)) {
    errno = ENOENT;
    return -1;
  }
  int fd = open_beneath(c->root_fd, c->root_real, p, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0 && errno == ENOENT) {
    in_missing_dir(c, p, true);
    errno = ENOENT;
  }
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    close(fd);
    errno = EISDIR;  // not a regular file
    fd = -1;
  }
  if (fd >= 0 && fd_in_git_dir(c, fd)) {
    close(fd);
    *git = true;
    fd = -1;
  }
  return fd;
}

/* The file the path s names: its normalised path, relative to the root and
 * kept in c->pack's arena; NULL after P-EVIDENCE at pos. */
static const char *locate(EvCtx *c, const char *s, Pos pos, const Objective *o)
{
  Pack *pack = c->pack;
  char p[PATH_MAX];
  if (strchr(s, '\\')) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence '%s' is written with '\\': separate folders with '/'", s);
    return NULL;
  }
  size_t ls = strlen(s);
  if (ls > 1 && s[ls - 1] == '/' && strcmp(s, "./") != 0) {  // as open(2) reads it: a folder, never a file
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence '%s' ends in '/': it names a folder, not a file", s);
    return NULL;
  }
  Norm why = normalise("", s, p);
  if (why == NORM_LONG) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence of %zu bytes is longer than a path can be", strlen(s));
    return NULL;
  }
  if (why != NORM_OK) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence '%s' %s", s,
             why == NORM_EMPTY ? "names no file, only the folder it starts from"
                               : "leads outside the repository: write it relative to the repository root");
    return NULL;
  }
  if (in_git_dir(p)) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o,
             "evidence '%s' is inside the repository's .git folder, not a file of the repository; not read", s);
    return NULL;
  }
  const char *known = map_get(&c->seen, p);
  if (known)
    return known;
  bool git = false;
  int fd = open_at(c, p, &git), err = errno;
  char q[PATH_MAX];
  if (fd < 0 && !git && err == ENOENT && *c->prefix && normalise(c->prefix, s, q) == NORM_OK) {  // relative to the pack
    if ((known = map_get(&c->seen, q)))
      return known;
    if ((fd = open_at(c, q, &git)) >= 0 || git || errno != ENOENT)
      memcpy(p, q, sizeof p), err = errno;
  }
  if (fd < 0) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence '%s' %s", s,
             git              ? "leads into the repository's .git folder through a link; not read"
             : err == ENOENT  ? "names no file in the repository (paths are relative to its root)"
             : err == EISDIR  ? "is not a regular file"
             : err == ENOTDIR ? "runs through a file as if it were a folder"
             : err == EXDEV || err == ELOOP ? "leads outside the repository through a link; not read"
                                            : "cannot be read");
    return NULL;
  }
  close(fd);
  const char *kept = arena_strdup(&pack->arena, p);
  map_put(&c->seen, kept, (void *)kept);
  return kept;
}

/* The input index of the file at p (as locate gives it), which becomes an
 * input when it is new; -1 after P-EVIDENCE at pos (s as written). */
static int enter(EvCtx *c, const char *p, const char *s, Pos pos, const Objective *o)
{
  Pack *pack = c->pack;
  void *known = map_get(&c->by_path, p);
  if (known)
    return (int)(intptr_t)known - 1;
  bool git;
  int fd = open_at(c, p, &git);
  InputFile in = {.path = arena_strdup(&pack->arena, p), .role = "evidence"};
  struct stat st;
  bool ok = fd >= 0 && fstat(fd, &st) == 0;
  in.bytes = ok ? (size_t)st.st_size : 0;
  if (ok && pack->hash_inputs)
    ok = hash_fd(fd, in.sha256, &in.bytes);
  if (fd >= 0)
    close(fd);
  if (!ok) {
    diag_add(pack, pos, RULE_P_EVIDENCE, o, "evidence '%s' cannot be read", s);
    return -1;
  }
  if (pack->n_inputs == pack->cap_inputs) {
    pack->cap_inputs = pack->cap_inputs ? pack->cap_inputs * 2 : 64;
    pack->inputs = xrealloc(pack->inputs, (size_t)pack->cap_inputs * sizeof *pack->inputs);
  }
  pack->inputs[pack->n_inputs] = in;
  map_put(&c->by_path, in.path, (void *)(intptr_t)(pack->n_inputs + 1));
  return pack->n_inputs++;
}

/* The repository root: the Git work tree above the pack, else the pack's folder. */
static void find_root(EvCtx *c, int pack_fd, const char *pack_real)
{
  c->root_fd = pack_fd, c->root_real = pack_real, c->prefix = "";
  char *prefix = pack_real ? git_pack_prefix(pack_real) : NULL;
  if (!prefix || !*prefix) {
    free(prefix);
    return;
  }
  size_t lr = strlen(pack_real), lp = strlen(prefix);  // prefix ends in '/': pack_real ends in "/" prefix without it
  if (lr > lp && strncmp(pack_real + lr - (lp - 1), prefix, lp - 1) == 0) {
    char *top = arena_strndup(&c->pack->arena, pack_real, lr - lp);
    int fd = open(*top ? top : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
      c->root_fd = fd, c->root_real = top, c->prefix = arena_strdup(&c->pack->arena, prefix);
  }
  free(prefix);
}

/* Row i of the pack's measurement rows and then its action rows: its evidence,
 * the field's position and the objective. */
static const char *row_evidence(const Pack *pack, long i, Pos *pos, const Objective **o)
{
  if (i < pack->n_mrows) {
    const MeasRow *r = &pack->mrows[i];
    *pos = r->evidence_pos, *o = pack->objectives[r->obj];
    return r->evidence;
  }
  const ActRow *r = &pack->arows[i - pack->n_mrows];
  *pos = r->evidence_pos, *o = pack->objectives[r->obj];
  return r->evidence;
}

// The rows are located on two threads when there are many (a million rows
// name a third of a million files at l): each has its own findings, memory
// and caches, and finds the same files; then this thread enters the files
// found, row by row, as inputs in row order, and takes the helper's findings
// and memory over.  The inputs are the ones a single thread enters.
typedef struct {
  EvCtx c;
  long from, to;
  const char **found;  // per row: the path located, or NULL
} EvShare;

static void *locate_rows(void *arg)
{
  EvShare *h = arg;
  for (long i = h->from; i < h->to; i++) {
    Pos pos;
    const Objective *o;
    const char *ev = row_evidence(h->c.pack, i, &pos, &o);
    h->found[i] = evidence_kind(ev) == EVK_PATH ? locate(&h->c, ev, pos, o) : NULL;
  }
  return NULL;
}

void evidence_resolve(Pack *pack, int pack_fd, const char *pack_real, int threads)
{
  if (pack->source || pack_fd < 0)
    return;
  long n = pack->n_mrows + pack->n_arows, first = -1;
  Pos pos;
  const Objective *o;
  for (long i = 0; i < n && first < 0; i++)
    if (evidence_kind(row_evidence(pack, i, &pos, &o)) == EVK_PATH)
      first = i;
  if (first < 0)
    return;  // no repository lookup at all
  EvShare me = {.c = {.pack = pack}, .from = first, .to = n}, helper;
  map_init(&me.c.seen);
  map_init(&me.c.dirs);
  map_init(&me.c.by_path);
  find_root(&me.c, pack_fd, pack_real);
  me.found = xcalloc((size_t)n, sizeof *me.found);
  Pack sub;
  pthread_t tid;
  bool two = threads > 1 && n - first >= 4096;  // else not worth a thread
  if (two) {
    sub = *pack;  // the objectives to name; its own findings and memory
    arena_init(&sub.arena);
    memset(&sub.diags, 0, sizeof sub.diags);
    helper = me;
    helper.c.pack = &sub;
    map_init(&helper.c.seen);
    map_init(&helper.c.dirs);
    helper.from = me.to = first + (n - first) / 2;
    two = pthread_create(&tid, NULL, locate_rows, &helper) == 0;
    if (!two) {
      me.to = n;
      map_release(&helper.c.seen);
      map_release(&helper.c.dirs);
      arena_release(&sub.arena);
    }
  }
  locate_rows(&me);
  if (two) {
    pthread_join(tid, NULL);
    diag_take(&pack->diags, &sub.diags);
    map_release(&helper.c.seen);
    map_release(&helper.c.dirs);
  }
  for (long i = first; i < n; i++) {
    if (!me.found[i])
      continue;
    const char *ev = row_evidence(pack, i, &pos, &o);
    int k = enter(&me.c, me.found[i], ev, pos, o);
    if (i < pack->n_mrows)
      pack->mrows[i].evidence_file = k;
    else
      pack->arows[i - pack->n_mrows].evidence_file = k;
  }
  if (two)
    arena_adopt(&pack->arena, &sub.arena);  // the helper's findings' texts
  free(me.found);
  if (me.c.root_fd != pack_fd)
    close(me.c.root_fd);
  map_release(&me.c.seen);
  map_release(&me.c.dirs);
  map_release(&me.c.by_path);
}

void evidence_required(Pack *pack, const Eval *ev)
{
  if (!pack->require_evidence)
    return;
  for (long i = 0; i < pack->n_mrows; i++) {
    const MeasRow *r = &pack->mrows[i];
    if (!ev->mrow_flags[i] && evidence_kind(r->evidence) == EVK_NONE)
      diag_add(pack, r->evidence_pos, RULE_P_EVIDENCE, pack->objectives[r->obj],
               "measurement of '%s' on this row has no evidence (thresholds.require_evidence)",
               pack->objectives[r->obj]->measures[r->measure].id.s);
  }
  for (long i = 0; i < pack->n_arows; i++) {
    const ActRow *r = &pack->arows[i];
    if (!ev->arow_flags[i] && evidence_kind(r->evidence) == EVK_NONE)
      diag_add(pack, r->evidence_pos, RULE_P_EVIDENCE, pack->objectives[r->obj],
               "update of action '%s' on this row has no evidence (thresholds.require_evidence)",
               pack->objectives[r->obj]->actions[r->action].id.s);
  }
}
