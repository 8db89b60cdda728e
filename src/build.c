/*
 * build.c - `objreg build`: the evidence pack, written all or nothing.
 *
 * The documents are written into a fresh temporary folder beside OUT; the
 * manifest and SHA256SUMS come last, over what is there; then the folder is
 * put in place in one step: renameat2(RENAME_EXCHANGE) swaps it with the
 * previous pack, which is then removed.  A failed or killed build therefore
 * leaves either the previous pack or the new one, never a mix (SPEC section
 * 9).  OUT is replaced only when it is absent, empty, or a pack objreg wrote,
 * so that `-o .` can never destroy a user's files.
 *
 * The backends only read the model, so they run side by side on -j threads;
 * each writes its own file, so the result does not depend on their order.
 */
#define _GNU_SOURCE
#include "objreg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OBJREG_PREFIX
#define OBJREG_PREFIX "/usr/local"
#endif

static char *path_join(const char *dir, const char *name)
{
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = xmalloc(n);
  snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static bool has_datadir(const char *dir)
{
  char *path = path_join(dir, "fonts/DejaVuSans.ttf");
  bool ok = access(path, R_OK) == 0;
  free(path);
  return ok;
}

const char *datadir_find(void)
{
  static char found[PATH_MAX];  // written once, before any thread starts
  const char *env = getenv("OBJREG_DATADIR");
  if (env && *env)
    return env;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
      *slash = '\0';
    // build/objreg, build/san/objreg: the source tree; bin/objreg: PREFIX/share/objreg.
    static const char *const rel[] = {"/..", "/../..", "/../share/objreg"};
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
      if ((size_t)snprintf(found, sizeof found, "%.*s%s", PATH_MAX - 32, exe, rel[i]) >= sizeof found)
        continue;
      if (has_datadir(found))
        return found;
    }
  }
  return OBJREG_PREFIX "/share/objreg";
}

//
// Files in the temporary folder
//

/* Write b to dir/name; -1 after a message on failure (a full disk included). */
static int write_file(const char *dir, const char *name, const Buf *b)
{
  char *path = path_join(dir, name);
  FILE *f = fopen(path, "wb");
  int rc = 0;
  if (!f || (b->len && fwrite(b->s, 1, b->len, f) != b->len) || fflush(f) != 0 || fsync(fileno(f)) != 0)
    rc = -1;
  if (f && fclose(f) != 0)
    rc = -1;
  if (rc)
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", name, strerror(errno));
  free(path);
  return rc;
}

/* Remove a folder objreg made (no links followed: unlinkat removes a link itself). */
static void remove_tree(const char *dir)
{
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *p = path_join(dir, e->d_name);
      struct stat st;
      if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
        remove_tree(p);
      else
        unlink(p);
      free(p);
    }
    closedir(d);
  }
  rmdir(dir);
}

//
// OUT
//

/* Whether OUT may be replaced: absent, an empty folder, or a pack objreg wrote. */
static int check_out(const char *out, bool *exists)
{
  struct stat st;
  *exists = false;
  if (lstat(out, &st) != 0) {
    if (errno == ENOENT)
      return 0;
    fprintf(stderr, "objreg: error: cannot use '%s': %s\n", out, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "objreg: error: refusing to replace '%s': not a folder\n", out);
    return -1;
  }
  *exists = true;
  DIR *d = opendir(out);
  if (!d) {
    fprintf(stderr, "objreg: error: cannot use '%s': %s\n", out, strerror(errno));
    return -1;
  }
  bool empty = true;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      empty = false;
  closedir(d);
  if (empty)
    return 0;
  char *mpath = path_join(out, "manifest.json");
  FILE *f = fopen(mpath, "rb");
  free(mpath);
  char head[128] = "";
  if (f) {
    size_t n = fread(head, 1, sizeof head - 1, f);
    head[n] = '\0';
    fclose(f);
  }
  if (!strstr(head, "\"tool\": \"objreg\"")) {
    fprintf(stderr, "objreg: error: refusing to replace '%s': it is not empty and not a pack objreg wrote\n", out);
    return -1;
  }
  return 0;
}

/* The folder that holds out ("." when out has no slash); malloc-owned. */
static char *parent_dir(const char *out)
{
  size_t n = strlen(out);
  while (n > 1 && out[n - 1] == '/')  // "output/pack/" is "output/pack"
    n--;
  while (n > 0 && out[n - 1] != '/')
    n--;
  while (n > 1 && out[n - 1] == '/')
    n--;
  if (n == 0)
    return strdup(".");
  char *p = xmalloc(n + 1);
  memcpy(p, out, n);
  p[n] = '\0';
  return p;
}

/* Remove the temporary folders of earlier builds that were killed: those
 * beside out that no running build holds locked. */
static void remove_stale(const char *parent)
{
  DIR *d = opendir(parent);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strncmp(e->d_name, ".objreg-tmp-", 12) != 0)
      continue;
    char *p = path_join(parent, e->d_name);
    int fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
      remove_tree(p);
    if (fd >= 0)
      close(fd);
    free(p);
  }
  closedir(d);
}

/* A temporary folder beside out (the same file system, so that rename is
 * atomic), locked while this build runs: *lock_fd holds the lock. */
static char *make_tmpdir(const char *out, int *lock_fd)
{
  char *parent = parent_dir(out);
  remove_stale(parent);
  char *tmp = path_join(parent, ".objreg-tmp-XXXXXX");
  free(parent);
  if (!mkdtemp(tmp)) {
    fprintf(stderr, "objreg: error: cannot create a temporary folder beside '%s': %s\n", out, strerror(errno));
    free(tmp);
    return NULL;
  }
  *lock_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (*lock_fd >= 0)
    flock(*lock_fd, LOCK_EX);
  mode_t mask = umask(0);  // mkdtemp makes 0700; the pack gets the usual mode
  umask(mask);
  chmod(tmp, 0777 & ~mask);
  return tmp;
}

/* Refuse an OUT that is the pack, holds it, or lies in its input folders. */
static int check_out_place(const char *root, const char *out)
{
  char *parent = parent_dir(out);
  char *rp = realpath(parent, NULL), *rr = realpath(root, NULL);
  free(parent);
  int rc = 0;
  if (rp && rr) {
    const char *base = out + strlen(out);
    while (base > out && base[-1] == '/')
      base--;
    const char *end = base;
    while (base > out && base[-1] != '/')
      base--;
    Buf ro;
    buf_init(&ro);
    buf_printf(&ro, "%s/%.*s", strcmp(rp, "/") == 0 ? "" : rp, (int)(end - base), base);
    char *real_out = realpath(ro.s, NULL);  // OUT itself may be a link
    const char *o = real_out ? real_out : ro.s;
    size_t lr = strlen(rr), lo = strlen(o);
    static const char *const inputs[] = {"", "/objectives", "/progress", "/templates"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs && !rc; i++) {
      size_t li = strlen(inputs[i]);
      if (strncmp(o, rr, lr) == 0 && strncmp(o + lr, inputs[i], li) == 0 &&
          (o[lr + li] == '\0' || (li && o[lr + li] == '/')))
        rc = -1;
    }
    if (lo < lr && strncmp(rr, o, lo) == 0 && rr[lo] == '/')
      rc = -1;
    if (rc)
      fprintf(stderr, "objreg: error: refusing to write to '%s': it is the pack, holds it, or lies in its input folders\n", out);
    free(real_out);
    buf_release(&ro);
  }
  free(rp);
  free(rr);
  return rc;
}

/* Put tmp in place of out in one step; the previous pack, if any, is removed. */
static int swap_in(const char *tmp, const char *out, bool exists)
{
  if (!exists) {
    if (rename(tmp, out) == 0)
      return 0;
  } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
    remove_tree(tmp);  // now holds the previous pack
    return 0;
  } else if (errno == EINVAL || errno == ENOSYS) {
    // A file system without RENAME_EXCHANGE: an empty or objreg-written OUT is
    // moved aside first; a crash between the two renames leaves it there.
    size_t n = strlen(out) + 16;
    char *old = xmalloc(n);
    snprintf(old, n, "%s.objreg-old", out);
    remove_tree(old);
    int rc = rename(out, old) == 0 && rename(tmp, out) == 0 ? 0 : -1;
    if (rc == 0)
      remove_tree(old);
    free(old);
    if (rc == 0)
      return 0;
  }
  fprintf(stderr, "objreg: error: cannot put the new pack in place of '%s': %s\n", out, strerror(errno));
  return -1;
}

//
// Manifest and checksums
//

typedef struct {
  const char *path, *role;
  size_t bytes;
  char sha256[65];  // in hex
} OutFile;

static void hex_digest(const unsigned char *md, int n, char *hex)
{
  static const char digits[] = "0123456789abcdef";
  for (int k = 0; k < n; k++)
    hex[2 * k] = digits[md[k] >> 4], hex[2 * k + 1] = digits[md[k] & 15];
  hex[2 * n] = '\0';
}

/* SHA-256 of what fd reads, into hex (libcrypto: SHA-NI where the CPU has it). */
static bool sha256_fd(int fd, char hex[65], size_t *bytes)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
  enum { CHUNK = 1 << 17 };
  unsigned char *chunk = xmalloc(CHUNK);
  size_t total = 0;
  while (ok) {
    ssize_t r = read(fd, chunk, CHUNK);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      ok = r == 0;
      break;
    }
    ok = EVP_DigestUpdate(ctx, chunk, (size_t)r);
    total += (size_t)r;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, md, &n) && n == 32;
  int saved = errno;
  free(chunk);
  EVP_MD_CTX_free(ctx);
  errno = saved;
  if (ok) {
    hex_digest(md, 32, hex);
    *bytes = total;
  }
  return ok;
}

/* SHA-256 of the file at path into hex. */
static bool sha256_file(const char *path, char hex[65], size_t *bytes)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = sha256_fd(fd, hex, bytes);
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

/* A regular file dir_fd/name (a plain name, no link followed, never blocking); -1 with errno set. */
static int open_plain(int dir_fd, const char *name)
{
  int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    close(fd);
    errno = EINVAL;
    fd = -1;
  }
  return fd;
}

int evidence_verify(const char *dir, const char *name, char sum[65], Buf *why)
{
  static const char *const needed[] = {"manifest.json", "evaluation.csv"};
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    buf_printf(why, "%s", strerror(errno));
    return -1;
  }
  int rc = -1, fd = open_plain(dfd, "SHA256SUMS");
  char *text = NULL;
  bool listed[2] = {false, false};
  if (sum)
    *sum = '\0';
  if (fd < 0) {
    buf_printf(why, "cannot read 'SHA256SUMS': %s", errno == EINVAL ? "not a regular file" : strerror(errno));
    goto out;
  }
  enum { MAX_SUMS = 1 << 16 };
  text = xmalloc(MAX_SUMS + 1);
  size_t n = 0;
  for (ssize_t r; n < MAX_SUMS && (r = read(fd, text + n, MAX_SUMS - n)) != 0;) {
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      buf_printf(why, "cannot read 'SHA256SUMS': %s", strerror(errno));
      close(fd);
      goto out;
    }
    n += (size_t)r;
  }
  close(fd);
  text[n] = '\0';
  if (n == 0 || n >= MAX_SUMS || text[n - 1] != '\n' || strlen(text) != n) {
    buf_printf(why, "'SHA256SUMS' is not a list of SHA-256 sums objreg writes");
    goto out;
  }
  int line = 0;
  for (char *p = text, *nl; *p; p = nl + 1) {
    nl = strchr(p, '\n');
    *nl = '\0';
    line++;
    char *file = p + 66;
    bool ok = nl - p > 66 && p[64] == ' ' && (p[65] == ' ' || p[65] == '*') && *file != '.' && !strchr(file, '/');
    for (int k = 0; ok && k < 64; k++)
      ok = (p[k] >= '0' && p[k] <= '9') || (p[k] >= 'a' && p[k] <= 'f');
    if (!ok) {
      buf_printf(why, "'SHA256SUMS' line %d is not 'SHA-256  NAME'", line);
      goto out;
    }
    char hex[65];
    size_t bytes;
    int ffd = open_plain(dfd, file);
    bool read_ok = ffd >= 0 && sha256_fd(ffd, hex, &bytes);
    int err = errno;
    if (ffd >= 0)
      close(ffd);
    if (!read_ok) {
      buf_printf(why, "cannot read '%s': %s", file, err == EINVAL ? "not a regular file" : strerror(err));
      goto out;
    }
    if (memcmp(hex, p, 64) != 0) {
      buf_printf(why, "'%s' fails its SHA-256 in SHA256SUMS: the pack was changed after it was written", file);
      goto out;
    }
    for (int k = 0; k < 2; k++)
      listed[k] |= strcmp(file, needed[k]) == 0;
    if (sum && name && strcmp(file, name) == 0)
      memcpy(sum, p, 65), sum[64] = '\0';
  }
  for (int k = 0; k < 2; k++)
    if (!listed[k]) {
      buf_printf(why, "'SHA256SUMS' does not list '%s'", needed[k]);
      goto out;
    }
  if (sum && name && !*sum) {
    buf_printf(why, "'SHA256SUMS' does not list '%s'", name);
    goto out;
  }
  rc = 0;
out:
  free(text);
  close(dfd);
  return rc;
}

static int hash_file(const char *dir, OutFile *of)
{
  char *path = path_join(dir, of->path);
  errno = 0;
  int rc = sha256_file(path, of->sha256, &of->bytes) ? 0 : -1;
  if (rc)
    fprintf(stderr, "objreg: error: cannot read back '%s': %s\n", of->path, strerror(errno ? errno : EIO));
  free(path);
  return rc;
}

static void json_file(Buf *b, const char *path, const char *role, size_t bytes, const char *sha, bool last)
{
  buf_puts(b, "    {\"path\": ");
  buf_json_str(b, path);
  buf_printf(b, ", \"role\": \"%s\", \"bytes\": %zu, \"sha256\": \"%s\"}%s\n", role, bytes, sha, last ? "" : ",");
}

static int write_manifest(const Pack *pack, const BuildInfo *bi, const char *dir, OutFile *outs, int n_outs)
{
  for (int i = 0; i < n_outs; i++)  // the documents' jobs hashed theirs
    if (!outs[i].sha256[0] && hash_file(dir, &outs[i]) != 0)
      return -1;
  char as_of[11];
  date_format(bi->as_of, as_of);
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  Buf b;
  buf_init(&b);
  buf_printf(&b, "{\n  \"tool\": \"objreg\",\n  \"version\": \"%s\",\n  \"ruleset\": \"%s\",\n  \"as_of\": \"%s\",\n",
             OBJREG_VERSION, OBJREG_RULESET, as_of);
  buf_puts(&b, "  \"source_date_epoch\": ");
  if (epoch && *epoch)
    buf_json_str(&b, epoch);
  else
    buf_puts(&b, "null");
  buf_puts(&b, ",\n  \"revision\": ");
  if (bi->revision)
    buf_json_str(&b, bi->revision);
  else
    buf_puts(&b, "null");
  buf_printf(&b, ",\n  \"draft\": %s,\n  \"inputs\": [\n", bi->draft ? "true" : "false");
  for (int i = 0; i < pack->n_inputs; i++) {
    const InputFile *in = &pack->inputs[i];
    char hex[65];
    hex_digest(in->sha256, 32, hex);
    json_file(&b, in->path, in->role, in->bytes, hex, i == pack->n_inputs - 1);
  }
  buf_puts(&b, "  ],\n  \"outputs\": [\n");
  for (int i = 0; i < n_outs; i++)
    json_file(&b, outs[i].path, outs[i].role, outs[i].bytes, outs[i].sha256, i == n_outs - 1);
  buf_puts(&b, "  ]\n}\n");
  int rc = write_file(dir, "manifest.json", &b);

  // SHA256SUMS covers every file in OUT but itself, manifest.json included.
  Buf sums;
  buf_init(&sums);
  OutFile m = {.path = "manifest.json", .role = "manifest"};
  if (rc == 0 && hash_file(dir, &m) == 0) {
    const OutFile *all[64];
    int n = 0;
    for (int i = 0; i < n_outs && n < 63; i++)
      all[n++] = &outs[i];
    all[n++] = &m;
    for (int i = 1; i < n; i++)  // sorted by path (insertion sort: a handful of files)
      for (int j = i; j > 0 && strcmp(all[j - 1]->path, all[j]->path) > 0; j--) {
        const OutFile *t = all[j];
        all[j] = all[j - 1];
        all[j - 1] = t;
      }
    for (int i = 0; i < n; i++)
      buf_printf(&sums, "%s  %s\n", all[i]->sha256, all[i]->path);
    rc = write_file(dir, "SHA256SUMS", &sums);
  } else {
    rc = -1;
  }
  buf_release(&sums);
  buf_release(&b);
  return rc;
}

//
// The documents, side by side
//

typedef struct {
  int (*write)(const Pack *, const Eval *, const BuildInfo *, const char *);
  char *path;          // in the temporary folder
  OutFile out;         // its name, role, size and SHA-256, hashed by the job itself
  int rc;
} Job;

typedef struct {
  const Pack *pack;
  const Eval *ev;
  const BuildInfo *bi;
  const char *dir;
  Job *jobs;
  int n_jobs, next, done;
  pthread_mutex_t lock;
} JobQueue;

static void *worker(void *arg)
{
  JobQueue *q = arg;
  for (;;) {
    pthread_mutex_lock(&q->lock);
    int i = q->next < q->n_jobs ? q->next++ : -1;
    pthread_mutex_unlock(&q->lock);
    if (i < 0)
      return NULL;
    progress_note("writing %s", path_base(q->jobs[i].path));
    q->jobs[i].rc = q->jobs[i].write(q->pack, q->ev, q->bi, q->jobs[i].path);
    if (q->jobs[i].rc == 0)  // hashed while the file is still in the page cache, on this core
      q->jobs[i].rc = hash_file(q->dir, &q->jobs[i].out);
    pthread_mutex_lock(&q->lock);
    int done = ++q->done;
    pthread_mutex_unlock(&q->lock);
    progress_note("wrote %d of %d documents", done, q->n_jobs);
  }
}

static int run_jobs(JobQueue *q, int threads)
{
  pthread_t tid[64];
  int started = 0;
  if (threads > q->n_jobs)
    threads = q->n_jobs;
  pthread_mutex_init(&q->lock, NULL);
  for (int i = 1; i < threads; i++)
    if (pthread_create(&tid[started], NULL, worker, q) == 0)
      started++;
  worker(q);  // this thread works too
  for (int i = 0; i < started; i++)
    pthread_join(tid[i], NULL);
  pthread_mutex_destroy(&q->lock);
  int rc = 0;
  for (int i = 0; i < q->n_jobs; i++)
    rc |= q->jobs[i].rc;
  return rc ? -1 : 0;
}

/* Write the evidence pack into dir; -1 on an operational failure. */
static int write_pack(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *dir, bool documents,
                      int threads)
{
  Buf b;
  char as_of[11];
  date_format(bi->as_of, as_of);
  OutFile outs[16];
  int n_outs = 0;

  buf_init(&b);
  diag_json(&b, pack, as_of);
  int rc = write_file(dir, "findings.json", &b);
  buf_release(&b);
  outs[n_outs++] = (OutFile){.path = "findings.json", .role = "findings"};
  buf_init(&b);
  diag_sarif(&b, pack);
  rc |= write_file(dir, "findings.sarif", &b);
  buf_release(&b);
  outs[n_outs++] = (OutFile){.path = "findings.sarif", .role = "findings"};
  if (rc)
    return -1;

  const char *id = pack_doc_id(pack).s;
  // The longest first, so that -j 2 keeps both cores busy to the end.
  static const struct {
    int (*write)(const Pack *, const Eval *, const BuildInfo *, const char *);
    const char *suffix, *role;
  } docs[] = {
    {pdf_register_write, "-register.pdf", "register"},
    {xlsx_write, "-tracking.xlsx", "workbook"},
    {pdf_review_write, "-review.pdf", "review"},
    {evaluation_write, "evaluation.csv", "evaluation"},
  };
  enum { N_DOCS = sizeof docs / sizeof *docs };
  char names[N_DOCS][128];
  Job jobs[N_DOCS];
  int n_jobs = 0;
  for (int i = 0; documents && i < N_DOCS; i++) {
    bool own_name = docs[i].suffix[0] != '-';
    snprintf(names[i], sizeof names[i], "%s%s", own_name ? "" : id, docs[i].suffix);
    jobs[n_jobs++] = (Job){docs[i].write, path_join(dir, names[i]), {.path = names[i], .role = docs[i].role}, 0};
  }
  JobQueue q = {pack, ev, bi, dir, jobs, n_jobs, 0, 0, PTHREAD_MUTEX_INITIALIZER};
  rc = run_jobs(&q, threads);
  for (int i = 0; i < n_jobs; i++) {
    free(jobs[i].path);
    outs[n_outs++] = jobs[i].out;
  }
  if (rc)
    return -1;
  return write_manifest(pack, bi, dir, outs, n_outs);
}

int build_pack(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *out, bool documents, int threads)
{
  bool exists;
  int lock_fd = -1;
  if (check_out_place(pack->root, out) != 0 || check_out(out, &exists) != 0)
    return -1;
  char *tmp = make_tmpdir(out, &lock_fd);
  if (!tmp)
    return -1;
  int rc = write_pack(pack, ev, bi, tmp, documents, threads);
  if (rc == 0) {
    int fd = open(tmp, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
      fsync(fd);
      close(fd);
    }
    rc = swap_in(tmp, out, exists);
  }
  if (rc != 0)
    remove_tree(tmp);
  if (lock_fd >= 0)
    close(lock_fd);
  free(tmp);
  return rc;
}
