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
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef OBJREG_PREFIX
#define OBJREG_PREFIX "/usr/local"
#endif

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

/* Write the file at path: the findings as JSON (as_of given) or SARIF
 * (as_of NULL) when pack is given, else b's bytes; -1 after a message on
 * failure (a full disk included). */
static int write_out(const char *path, const Buf *b, const Pack *pack, const char *as_of)
{
  FILE *f = fopen(path, "wb");
  Buf spill;  // the findings, written as they pass 64 KiB
  buf_init(&spill);
  if (f && pack) {
    if (as_of)
      diag_json(&spill, pack, as_of, f);
    else
      diag_sarif(&spill, pack, f);
    b = &spill;
  }
  int rc = 0;
  if (!f || (b->len && fwrite(b->s, 1, b->len, f) != b->len) || fflush(f) != 0 || ferror(f) ||
      fsync(fileno(f)) != 0)
    rc = -1;
  if (f && fclose(f) != 0)
    rc = -1;
  if (rc)
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", path_base(path), strerror(errno));
  buf_release(&spill);
  return rc;
}

/* Write b to dir/name. */
static int write_file(const char *dir, const char *name, const Buf *b)
{
  char *path = path_join(dir, name);
  int rc = write_out(path, b, NULL, NULL);
  free(path);
  return rc;
}

/* The findings as JSON (SPEC 8) or SARIF, jobs beside the documents. */
static int findings_json_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  (void)ev;
  char as_of[11];
  date_format(bi->as_of, as_of);
  return write_out(path, NULL, pack, as_of);
}

/* The findings' contexts (diag_context: snippets, context lines and key
 * paths, about 160 MB at 10,000 objectives) have no other reader: they are
 * freed once written, which is why this job comes first, before the
 * register's libharu objects grow.  No other job touches pack->ctx or its
 * arena. */
static int findings_sarif_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  (void)ev, (void)bi;
  int rc = write_out(path, NULL, pack, NULL);
  diag_context_release((Pack *)pack);
  return rc;
}

static int open_plain(int dir_fd, const char *name);

/* Remove a folder objreg made (no links followed: unlinkat removes a link
 * itself).  A folder of this user's without write permission (a previous
 * pack at mode 555) is made writable first, so that it never stays behind. */
static void remove_tree(const char *dir)
{
  struct stat st;
  if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 0700) != 0700)
    chmod(dir, (st.st_mode & 07777) | 0700);
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *p = path_join(dir, e->d_name);
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
// The temporary folder T (".objreg-tmp-XXXXXX" beside OUT, on the same file
// system) holds `target` (OUT's name in its folder), `new/` (the pack being
// written) and, while the fallback swaps, `old/` (the files of the previous
// pack).  One build at a time writes beside OUT: it holds an flock on OUT's
// folder from before it looks at OUT until T is gone, and T itself is
// flocked while it lives.  A T that nobody holds is a killed build's: the
// next build puts back the previous pack's files from its old/ when new/ was
// not yet in place, and removes T.  SIGTERM, SIGINT and SIGHUP are taken on a
// thread of their own, which removes T (once a swap under way has ended) and
// exits with 128 + the signal number.
//

static struct {
  pthread_mutex_t lock;  // held while T is made, while it is swapped in, and by the signal thread
  char *tmp;             // T of the build under way, or NULL
  const char *out;       // OUT as given, for the message
  bool placed;           // the new pack is in place
} live = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, false};

static sigset_t stop_signals;

/* Remove T even while the document threads still create files in it. */
static void remove_tree_now(const char *dir)
{
  struct stat st;
  for (int i = 0; i < 200 && lstat(dir, &st) == 0; i++) {
    remove_tree(dir);
    if (lstat(dir, &st) == 0)
      nanosleep(&(struct timespec){0, 5000000}, NULL);
  }
}

static void *signal_thread(void *arg)
{
  (void)arg;
  int sig = 0;
  while (sigwait(&stop_signals, &sig) != 0)
    ;
  pthread_mutex_lock(&live.lock);  // waits out a swap under way; never released
  // The other threads' complaints about their vanishing folder go nowhere:
  // this thread's line is the only one.
  int err = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (err >= 0 && null >= 0)
    dup2(null, STDERR_FILENO);
  if (live.tmp)
    remove_tree_now(live.tmp);
  const char *name = sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM";
  int fd = err >= 0 ? err : STDERR_FILENO;
  if (live.out && live.placed)
    dprintf(fd, "objreg: stopped by %s, after the new pack was put in place in '%s'\n", name, live.out);
  else if (live.out)
    dprintf(fd, "objreg: stopped by %s; '%s' left as it was\n", name, live.out);
  else
    dprintf(fd, "objreg: stopped by %s\n", name);
  _exit(128 + sig);
}

void signals_init(void)
{
  sigemptyset(&stop_signals);
  static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
  for (int i = 0; i < 3; i++) {
    struct sigaction sa;  // one ignored on entry (nohup, a shell's background job) stays ignored
    if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
      sigaddset(&stop_signals, sigs[i]);
  }
  // Blocked here, before any other thread starts, so that every thread
  // inherits the mask and only signal_thread takes them.
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
  pthread_t t;
  if (pthread_create(&t, NULL, signal_thread, NULL) == 0)
    pthread_detach(t);
  else
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
}

void signals_out(const char *out)
{
  pthread_mutex_lock(&live.lock);
  live.out = out;
  pthread_mutex_unlock(&live.lock);
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

/* The last name of out, without trailing slashes; malloc-owned. */
static char *base_name(const char *out)
{
  const char *end = out + strlen(out);
  while (end > out + 1 && end[-1] == '/')
    end--;
  const char *b = end;
  while (b > out && b[-1] != '/')
    b--;
  return strndup(b, (size_t)(end - b));
}

/* The names objreg wrote in a pack: manifest.json's "outputs" paths, the
 * manifest and SHA256SUMS; false when manifest.json is not objreg's. */
typedef struct {
  char **v;
  int n;
} Names;

static void names_release(Names *ns)
{
  for (int i = 0; i < ns->n; i++)
    free(ns->v[i]);
  free(ns->v);
  ns->v = NULL;
  ns->n = 0;
}

static bool names_has(const Names *ns, const char *name)
{
  for (int i = 0; i < ns->n; i++)
    if (strcmp(ns->v[i], name) == 0)
      return true;
  return false;
}

static void names_add(Names *ns, const char *s, size_t n)
{
  ns->v = xrealloc(ns->v, (size_t)(ns->n + 1) * sizeof *ns->v);
  ns->v[ns->n++] = strndup(s, n);
}

static bool manifest_names(int dir_fd, Names *ns)
{
  int fd = open_plain(dir_fd, "manifest.json");
  if (fd < 0)
    return false;
  enum { MAX = 1 << 24 };
  Buf b;
  buf_init(&b);
  char chunk[65536];
  ssize_t r;
  while (b.len < MAX && (r = read(fd, chunk, sizeof chunk)) != 0) {
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      break;
    buf_add(&b, chunk, (size_t)r);
  }
  close(fd);
  const char *tool = strstr(b.s, "\"tool\": \"objreg\"");
  bool ok = tool && tool - b.s < 64;
  const char *p = ok ? strstr(b.s, "\n  \"outputs\": [\n") : NULL;
  ok = p != NULL;
  if (ok) {
    names_add(ns, "manifest.json", 13);
    names_add(ns, "SHA256SUMS", 10);
    names_add(ns, "SHA256SUMS.p7s", 14);  // the signature over SHA256SUMS (--sign-key), written last
  }
  // Each output: `    {"path": "NAME", "role": ...`, NAME a plain file name.
  while (ok && (p = strstr(p, "\n    {\"path\": \""))) {
    p += 15;
    size_t n = strcspn(p, "\"\\/\n");
    if (n == 0 || p[n] != '"' || p[0] == '.')
      ok = false;
    else
      names_add(ns, p, n);
    p += n;
  }
  buf_release(&b);
  if (!ok)
    names_release(ns);
  return ok;
}

/* Whether OUT may be replaced: absent, an empty folder, or a pack objreg
 * wrote and nothing else (every name in it a regular file its manifest
 * lists), that this user may change.  *names gets what it holds. */
static int check_out(const char *out, bool *exists, Names *names)
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
  int fd = open(out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    fprintf(stderr, "objreg: error: cannot use '%s': %s\n", out, strerror(errno));
    if (fd >= 0)
      close(fd);
    return -1;
  }
  Names ours = {0};
  bool theirs = false, listed = false;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    if (!listed) {
      listed = true;
      theirs = !manifest_names(fd, &ours);
    }
    if (!theirs && (!names_has(&ours, e->d_name) || fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
                    !S_ISREG(st.st_mode)))
      theirs = true;
    if (theirs) {
      fprintf(stderr, "objreg: error: refusing to replace '%s': it holds '%s', which is not a file of a pack objreg wrote\n",
              out, e->d_name);
      break;
    }
    names_add(names, e->d_name, strlen(e->d_name));
  }
  closedir(d);
  names_release(&ours);
  if (theirs) {
    names_release(names);
    return -1;
  }
  if (access(out, W_OK) != 0) {  // else the previous pack could not be removed
    fprintf(stderr, "objreg: error: cannot replace '%s': %s\n", out, strerror(errno));
    names_release(names);
    return -1;
  }
  return 0;
}

/* Whether the folder at path (resolved) is the folder (dev, ino) or lies in it. */
static bool lies_in(const char *path, dev_t dev, ino_t ino)
{
  char *p = strdup(path);
  bool in = false;
  for (;;) {
    struct stat st;
    if (stat(*p ? p : "/", &st) == 0 && st.st_dev == dev && st.st_ino == ino)
      in = true;
    char *slash = strrchr(p, '/');
    if (in || !slash)
      break;
    *slash = '\0';
  }
  free(p);
  return in;
}

/* Refuse an OUT anywhere inside the pack, or holding it: links in OUT's
 * existing folders resolved, and the folders compared by device and inode. */
static int check_out_place(const char *root, const char *out, const char *parent, const char *base)
{
  char *rp = realpath(parent, NULL);
  int err = errno;  // before the pack's realpath, which may set errno even when it succeeds
  char *rr = rp ? realpath(root, NULL) : NULL;
  int rc = 0;
  if (!rp) {
    if (err == ENOENT)
      fprintf(stderr, "objreg: error: cannot write to '%s': the folder '%s' does not exist; create it first "
                      "(mkdir -p '%s') or give -o a path in an existing folder\n", out, parent, parent);
    else if (err == ENOTDIR)
      fprintf(stderr, "objreg: error: cannot write to '%s': a part of '%s' is a file, not a folder; "
                      "give -o a path in a folder\n", out, parent);
    else
      fprintf(stderr, "objreg: error: cannot write to '%s': %s\n", out, strerror(err));
    rc = -1;
  } else if (rr) {
    Buf o;
    buf_init(&o);
    buf_printf(&o, "%s/%s", strcmp(rp, "/") == 0 ? "" : rp, base);
    struct stat rs, os;
    bool inside = stat(rr, &rs) == 0 && lies_in(o.s, rs.st_dev, rs.st_ino);
    bool holds = lstat(o.s, &os) == 0 && S_ISDIR(os.st_mode) && lies_in(rr, os.st_dev, os.st_ino);
    if (inside || holds) {
      fprintf(stderr, "objreg: error: refusing to write to '%s': it %s the pack; choose a folder outside it\n", out,
              inside ? "lies inside" : "holds");
      rc = -1;
    }
    buf_release(&o);
  }
  free(rp);
  free(rr);
  return rc;
}

/* An flock on OUT's folder, held until the build ends (-1: none could be
 * taken there, e.g. on NFS; the stale-folder rule is then stricter). */
static int lock_parent(const char *parent, const char *out)
{
  int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0)
    return fd;
  if (errno == EWOULDBLOCK) {
    progress_note("waiting for another build beside '%s'", out);
    int r;
    while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
      ;
    if (r == 0)
      return fd;
  }
  close(fd);
  return -1;
}

/* Move dir_fd/name to to_fd/name unless that name exists; -1 otherwise. */
static int move_noreplace(int from_fd, const char *name, int to_fd)
{
  if (renameat2(from_fd, name, to_fd, name, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  if (linkat(from_fd, name, to_fd, name, 0) == 0)  // a link never replaces a name
    return unlinkat(from_fd, name, 0);
  if (errno == EEXIST)
    return -1;
  struct stat st;  // no links either (vfat): under the folder's lock, look first
  if (fstatat(to_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT)
    return -1;
  return renameat(from_fd, name, to_fd, name);
}

/* Put back the files in T/old into OUT (each only where OUT has no such name);
 * 0 when old/ is then empty and removed. */
static int restore_old(const char *tmp, const char *out)
{
  char *old = path_join(tmp, "old");
  int from = open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int to = open(out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int rc = 0;
  if (from >= 0 && to < 0 && errno == ENOENT) {  // OUT gone altogether: the folder back whole
    rc = rename(old, out);
  } else if (from >= 0 && to >= 0) {
    DIR *d = fdopendir(dup(from));
    struct dirent *e;
    while (d && (e = readdir(d)))
      if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && move_noreplace(from, e->d_name, to) != 0)
        rc = -1;
    if (d)
      closedir(d);
    if (rc == 0)
      rc = rmdir(old);
  } else if (from >= 0) {
    rc = -1;
  }
  if (from >= 0)
    close(from);
  if (to >= 0)
    close(to);
  free(old);
  return rc;
}

/* The temporary folders of killed builds beside OUT: the previous pack put
 * back where a swap was cut short, then removed.  With no lock on the folder
 * (NFS), only those untouched for ten minutes. */
static void recover_stale(const char *parent, bool locked)
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
    struct stat st;
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &st) == 0 &&
        (locked || st.st_mtime < time(NULL) - 600)) {
      // target: OUT's name in parent, written before any swap began.
      char target[NAME_MAX + 2] = "";
      int tf = open_plain(fd, "target");
      ssize_t n = tf >= 0 ? read(tf, target, sizeof target - 1) : -1;
      if (tf >= 0)
        close(tf);
      target[n > 0 ? n : 0] = '\0';
      bool valid = n > 0 && !strchr(target, '/') && strcmp(target, ".") != 0 && strcmp(target, "..") != 0;
      bool cut_short = fstatat(fd, "new", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                       fstatat(fd, "old", &st, AT_SYMLINK_NOFOLLOW) == 0;
      int rc = 0;
      if (cut_short) {  // the new pack never got in place: the previous one back
        char *out = valid ? path_join(parent, target) : NULL;
        rc = out ? restore_old(p, out) : -1;
        if (rc)
          fprintf(stderr, "objreg: warning: could not put back the previous pack of '%s' from '%s/old'; left there\n",
                  valid ? target : "?", p);
        free(out);
      }
      if (rc == 0)
        remove_tree(p);
    }
    if (fd >= 0)
      close(fd);
    free(p);
  }
  closedir(d);
}

/* T beside OUT (under live.lock, so that a signal finds it): locked, with
 * target written and new/ made; *lock_fd holds T's lock. */
static char *make_tmpdir(const char *parent, const char *base, const char *out, int *lock_fd)
{
  char *tmp = path_join(parent, ".objreg-tmp-XXXXXX");
  pthread_mutex_lock(&live.lock);
  if (!mkdtemp(tmp)) {
    pthread_mutex_unlock(&live.lock);
    fprintf(stderr, "objreg: error: cannot create a temporary folder beside '%s': %s\n", out, strerror(errno));
    free(tmp);
    return NULL;
  }
  live.tmp = tmp;
  live.out = out;
  live.placed = false;
  pthread_mutex_unlock(&live.lock);
  *lock_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (*lock_fd >= 0)
    flock(*lock_fd, LOCK_EX);
  Buf b;
  buf_init(&b);
  buf_puts(&b, base);
  char *newdir = path_join(tmp, "new");
  int rc = write_file(tmp, "target", &b);
  if (rc == 0 && mkdir(newdir, 0777) != 0) {  // the pack's folder: the umask's mode
    fprintf(stderr, "objreg: error: cannot create a temporary folder beside '%s': %s\n", out, strerror(errno));
    rc = -1;
  }
  buf_release(&b);
  free(newdir);
  if (rc == 0)
    return tmp;
  pthread_mutex_lock(&live.lock);
  remove_tree(tmp);
  live.tmp = NULL;
  pthread_mutex_unlock(&live.lock);
  free(tmp);
  return NULL;
}

/* Without RENAME_EXCHANGE: OUT's files (all objreg's, checked) into T/old,
 * then T/new renamed over the emptied OUT.  Cut short, the next build puts
 * them back (recover_stale); failed, they are put back now. */
static int swap_by_files(const char *tmp, const char *newdir, const char *out, const Names *names)
{
  char *old = path_join(tmp, "old");
  int rc = mkdir(old, 0700);
  int from = rc == 0 ? open(out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
  int to = from >= 0 ? open(old, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (to < 0)
    rc = -1;
  for (int i = 0; rc == 0 && i < names->n; i++)
    rc = renameat(from, names->v[i], to, names->v[i]);
  if (rc == 0)
    rc = rename(newdir, out);
  int saved = errno;
  if (rc != 0 && to >= 0 && restore_old(tmp, out) != 0)
    fprintf(stderr, "objreg: warning: could not put back the previous pack of '%s' from '%s'; left there\n", out, old);
  if (from >= 0)
    close(from);
  if (to >= 0)
    close(to);
  free(old);
  errno = saved;
  return rc;
}

/* The first name in folder dir that names does not hold, or NULL (also when
 * dir cannot be read: the exchange then stands). */
static char *stranger(const char *dir, const Names *names)
{
  DIR *d = opendir(dir);
  char *found = NULL;
  for (struct dirent *e; d && !found && (e = readdir(d));)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && !names_has(names, e->d_name))
      found = strdup(e->d_name);
  if (d)
    closedir(d);
  return found;
}

/* Put T/new in place of out in one step; the previous pack ends in T.
 * 0: placed; -1: not placed; 1: placed, but T must be kept (it holds a file
 * put in OUT during the build, which could neither be put back nor moved
 * beside OUT). */
static int swap_in(const char *tmp, const char *out, bool exists, const Names *names)
{
  char *newdir = path_join(tmp, "new"), *added = NULL;
  int rc;
  pthread_mutex_lock(&live.lock);  // a signal now waits for the swap to end
  if (!exists) {
    rc = rename(newdir, out);
  } else if ((rc = renameat2(AT_FDCWD, newdir, AT_FDCWD, out, RENAME_EXCHANGE)) == 0) {
    // OUT was checked before the documents were written, seconds ago: a
    // file put there since (notes beside the PDFs) would go with the
    // previous pack. Then the exchange is undone and the build refused.
    if ((added = stranger(newdir, names)) && renameat2(AT_FDCWD, newdir, AT_FDCWD, out, RENAME_EXCHANGE) == 0)
      rc = -1;
    else if (added)  // cannot be undone: the previous pack, with the file, kept beside OUT
      rc = 1;
  } else if (errno == EINVAL || errno == ENOSYS || errno == EXDEV || errno == EOPNOTSUPP) {
    rc = swap_by_files(tmp, newdir, out, names);  // NFS, SMB, vfat, FUSE, overlayfs
  }
  live.placed = rc >= 0;
  int saved = errno;
  pthread_mutex_unlock(&live.lock);
  if (rc > 0) {  // out of .objreg-tmp-*, which the next build removes
    char kept[PATH_MAX];
    snprintf(kept, sizeof kept, "%s.previous-%ld", out, (long)getpid());
    const char *at = rename(newdir, kept) == 0 ? kept : newdir;
    fprintf(stderr, "objreg: warning: '%s' was put in '%s' while the pack was being built; it is left, with the "
                    "previous pack, in '%s'\n", added, out, at);
    rc = at == kept ? 0 : 1;
  }
  else if (rc != 0 && added)
    fprintf(stderr, "objreg: error: refusing to replace '%s': '%s' was put there while the pack was being built; "
                    "nothing replaced\n", out, added);
  else if (rc != 0)
    fprintf(stderr, "objreg: error: cannot put the new pack in place of '%s': %s\n", out, strerror(saved));
  free(added);
  free(newdir);
  return rc;
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

/* A string value, or null when there is none. */
static void json_str_or_null(Buf *b, const char *s)
{
  if (s)
    buf_json_str(b, s);
  else
    buf_puts(b, "null");
}

/* manifest.json's text: the build's facts, then every input and output with its SHA-256. */
static void manifest_json(Buf *b, const Pack *pack, const BuildInfo *bi, const OutFile *outs, int n_outs)
{
  char as_of[11];
  date_format(bi->as_of, as_of);
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  buf_printf(b, "{\n  \"tool\": \"objreg\",\n  \"version\": \"%s\",\n  \"ruleset\": \"%s\",\n  \"as_of\": \"%s\",\n",
             OBJREG_VERSION, OBJREG_RULESET, as_of);
  buf_puts(b, "  \"source_date_epoch\": ");
  json_str_or_null(b, epoch && *epoch ? epoch : NULL);
  buf_puts(b, ",\n  \"revision\": ");
  json_str_or_null(b, bi->revision);
  buf_puts(b, ",\n  \"issue\": ");
  buf_json_str(b, bi->issue_en ? bi->issue_en : "");
  char when[24];
  time_utc(bi->created, when);
  buf_printf(b, ",\n  \"generated\": \"%.10sT%.5s:%02dZ\"", when, when + 11, (int)(bi->created % 60));
  if (bi->signer) {  // SHA256SUMS.p7s is written after SHA256SUMS, which covers this file
    buf_puts(b, ",\n  \"signature\": {\"file\": \"SHA256SUMS.p7s\", \"signs\": \"SHA256SUMS\", \"subject\": ");
    buf_json_str(b, sign_subject(bi->signer));
    buf_printf(b, ", \"sha256_fingerprint\": \"%s\"}", sign_fingerprint(bi->signer));
  }
  buf_printf(b, ",\n  \"draft\": %s,\n  \"inputs\": [\n", bi->draft ? "true" : "false");
  for (int i = 0; i < pack->n_inputs; i++) {
    const InputFile *in = &pack->inputs[i];
    char hex[65];
    hex_digest(in->sha256, 32, hex);
    json_file(b, in->path, in->role, in->bytes, hex, i == pack->n_inputs - 1);
  }
  buf_puts(b, "  ],\n  \"outputs\": [\n");
  for (int i = 0; i < n_outs; i++)
    json_file(b, outs[i].path, outs[i].role, outs[i].bytes, outs[i].sha256, i == n_outs - 1);
  buf_puts(b, "  ]\n}\n");
}

/* SHA256SUMS: every file in OUT but itself (the outputs and manifest.json m),
 * sorted by path; then, with --sign-key, its detached signature SHA256SUMS.p7s. */
static int write_sums(const char *dir, const BuildInfo *bi, const OutFile *outs, int n_outs, const OutFile *m)
{
  const OutFile *all[64];
  int n = 0;
  for (int i = 0; i < n_outs && n < 63; i++)
    all[n++] = &outs[i];
  all[n++] = m;
  for (int i = 1; i < n; i++)  // sorted by path (insertion sort: a handful of files)
    for (int j = i; j > 0 && strcmp(all[j - 1]->path, all[j]->path) > 0; j--) {
      const OutFile *t = all[j];
      all[j] = all[j - 1];
      all[j - 1] = t;
    }
  Buf sums;
  buf_init(&sums);
  for (int i = 0; i < n; i++)
    buf_printf(&sums, "%s  %s\n", all[i]->sha256, all[i]->path);
  int rc = write_file(dir, "SHA256SUMS", &sums);
  if (rc == 0 && bi->signer) {
    Buf sig;
    buf_init(&sig);
    rc = sign_detached(bi->signer, sums.s, sums.len, bi->created, &sig);
    if (rc == 0)
      rc = write_file(dir, "SHA256SUMS.p7s", &sig);
    buf_release(&sig);
  }
  buf_release(&sums);
  return rc;
}

static int write_manifest(const Pack *pack, const BuildInfo *bi, const char *dir, OutFile *outs, int n_outs)
{
  for (int i = 0; i < n_outs; i++)  // the documents' jobs hashed theirs
    if (!outs[i].sha256[0] && hash_file(dir, &outs[i]) != 0)
      return -1;
  Buf b;
  buf_init(&b);
  manifest_json(&b, pack, bi, outs, n_outs);
  int rc = write_file(dir, "manifest.json", &b);
  buf_release(&b);
  // SHA256SUMS covers every file in OUT but itself, manifest.json included.
  OutFile m = {.path = "manifest.json", .role = "manifest"};
  if (rc != 0 || hash_file(dir, &m) != 0)
    return -1;
  return write_sums(dir, bi, outs, n_outs, &m);
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
    if (q->jobs[i].write == pdf_register_write)
      malloc_trim(0);
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
  const char *id = pack_doc_id(pack).s;
  // The findings always (a refused build's too), the documents when asked;
  // findings.sarif first, which frees the findings' contexts (above), beside
  // the longest, the workbook, so that -j 2 keeps both cores busy to the end;
  // the register, the next longest, goes to the thread findings.sarif frees.
  static const struct {
    int (*write)(const Pack *, const Eval *, const BuildInfo *, const char *);
    const char *suffix, *role;
    int order;  // in manifest.json and SHA256SUMS
    bool document;
  } docs[] = {
    {findings_sarif_write, "findings.sarif", "findings", 1, false},
    {xlsx_write, "-tracking.xlsx", "workbook", 3, true},
    {pdf_register_write, "-register.pdf", "register", 2, true},
    {pdf_review_write, "-review.pdf", "review", 4, true},
    {findings_json_write, "findings.json", "findings", 0, false},
    {evaluation_write, "evaluation.csv", "evaluation", 5, true},
  };
  enum { N_DOCS = sizeof docs / sizeof *docs };
  char names[N_DOCS][128];
  Job jobs[N_DOCS];
  int n_jobs = 0, order[N_DOCS];
  for (int i = 0; i < N_DOCS; i++) {
    if (docs[i].document && !documents)
      continue;
    bool own_name = docs[i].suffix[0] != '-';
    snprintf(names[i], sizeof names[i], "%s%s", own_name ? "" : id, docs[i].suffix);
    order[n_jobs] = docs[i].order;
    jobs[n_jobs++] = (Job){docs[i].write, path_join(dir, names[i]), {.path = names[i], .role = docs[i].role}, 0};
  }
  JobQueue q = {pack, ev, bi, dir, jobs, n_jobs, 0, 0, PTHREAD_MUTEX_INITIALIZER};
  int rc = run_jobs(&q, threads);
  OutFile outs[16];
  int n_outs = 0;
  for (int k = 0; k < N_DOCS; k++)  // in the manifest's order
    for (int i = 0; i < n_jobs; i++)
      if (order[i] == k)
        outs[n_outs++] = jobs[i].out;
  for (int i = 0; i < n_jobs; i++)
    free(jobs[i].path);
  if (rc)
    return -1;
  return write_manifest(pack, bi, dir, outs, n_outs);
}

int build_pack(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *out, bool documents, int threads)
{
  // OUT named by "." or "..": by its resolved path, so that it has a folder and a name.
  char *base = base_name(out), *resolved = NULL;
  const char *shown = out;
  if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    if (!(resolved = realpath(out, NULL)) || strcmp(resolved, "/") == 0) {
      fprintf(stderr, "objreg: error: cannot write to '%s': %s\n", out, resolved ? "not a folder objreg can replace" : strerror(errno));
      free(resolved);
      free(base);
      return -1;
    }
    out = resolved;
    free(base);
    base = base_name(out);
  }
  char *parent = parent_dir(out), *tmp = NULL;
  bool exists;
  Names names = {0};
  int lock_fd = -1, parent_fd = -1, rc = -1;
  if (check_out_place(pack->root, shown, parent, base) != 0)
    goto out;
  parent_fd = lock_parent(parent, shown);
  recover_stale(parent, parent_fd >= 0);
  if (check_out(out, &exists, &names) != 0 || !(tmp = make_tmpdir(parent, base, shown, &lock_fd)))
    goto out;
  char *newdir = path_join(tmp, "new");
  rc = write_pack(pack, ev, bi, newdir, documents, threads);
  if (rc == 0) {
    int fd = open(newdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      fsync(fd);
      close(fd);
    }
    rc = swap_in(tmp, out, exists, &names);
  }
  free(newdir);
  pthread_mutex_lock(&live.lock);
  if (rc <= 0)
    remove_tree(tmp);  // the new pack when it failed, the previous one when it is in place
  rc = rc > 0 ? 0 : rc;  // placed, the previous pack kept in tmp with a file put there meanwhile
  live.tmp = NULL;
  pthread_mutex_unlock(&live.lock);
out:
  if (lock_fd >= 0)
    close(lock_fd);
  if (parent_fd >= 0)
    close(parent_fd);
  names_release(&names);
  free(tmp);
  free(parent);
  free(base);
  free(resolved);
  return rc;
}
