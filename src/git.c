/*
 * git.c - the pack's Git repository, read with libgit2 (SPEC section 13).
 *
 * objreg only reads: it opens the repository that holds the pack, asks for
 * HEAD and the status of the pack's files (the index is not refreshed, so
 * nothing is written), and reads trees and blobs from the object database.
 * It never checks anything out and never runs a filter or a hook.
 *
 *   git_revision()        HEAD's id, "-modified" when a file of the pack (by
 *                         the conventions of pack_role) or an evidence file
 *                         it names differs from HEAD (untracked or ignored too)
 *   git_since_read()      the pack at REF: its folder's tree in REF's commit,
 *                         read through a PackSource and evaluated as of its
 *                         own as_of, else the commit's date
 *   git_since_attribute() walks the commits between REF and HEAD, newest
 *                         first, and gives each definition change of the
 *                         change record the last commit that made it: the
 *                         first commit whose version of the objective's file
 *                         gives the value the change ends with, and whose
 *                         parent's gives another.  Only commits where the
 *                         objectives/ tree of the pack changed are looked at,
 *                         and only the files of objectives with a change, so
 *                         a long history costs one tree comparison a commit.
 *
 * The pack's folder in the repository is its path below the work tree
 * (realpath of both), so a pack in a subfolder reads the same.  An objective
 * is followed by its id through the paths it has now and had at REF, so a
 * renamed file keeps its history.  A change that no commit made is in the
 * work tree only: its commit stays NULL and the documents say so.
 */
#include "objreg.h"

#include <errno.h>
#include <cmark.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct GitSince {
  git_repository *repo;
  char *prefix;          // the pack's folder below the work tree ("" or "sub/dir/")
  const char *ref;       // as given
  git_oid ref_id;        // REF's commit
  Map ref_paths;         // objective id -> its file at REF (pack-relative), in arena
  PackState ref_defs;    // the definitions at REF, indexed
  Map seeds;             // blob id (hex) -> a state that holds that file's objective as parsed
  Arena arena;
};

/* libgit2's last error message. */
static const char *git_msg(void)
{
  const git_error *e = git_error_last();
  return e && e->message ? e->message : "unknown error";
}

/* The length of the longest GIT_CEILING_DIRECTORIES entry (resolved) that real
 * lies below, as libgit2 finds it: the search does not go up to it or above. */
static size_t ceiling_len(const char *real)
{
  const char *list = getenv("GIT_CEILING_DIRECTORIES");
  size_t best = 0;
  for (const char *p = list; p && *p;) {
    size_t n = strcspn(p, ":");
    char dir[PATH_MAX], res[PATH_MAX];
    if (n > 0 && n < sizeof dir && p[0] == '/') {
      memcpy(dir, p, n);
      dir[n] = '\0';
      if (realpath(dir, res)) {
        size_t k = strlen(res);
        if (k > 0 && res[k - 1] == '/')
          k--;
        if (strncmp(real, res, k) == 0 && (real[k] == '/' || !real[k]) && k > best)
          best = k;
      }
    }
    p += n + (p[n] == ':');
  }
  return best;
}

/* Whether libgit2 could find a repository for real (a resolved folder): some
 * folder it would search, real itself and those above it short of a ceiling,
 * holds a ".git" or is one (has a HEAD).  When none does, libgit2 is not even
 * started: its start-up reads the system's CA certificates, a third of a
 * small pack's check. */
static bool repo_possible(const char *real)
{
  char path[PATH_MAX];
  size_t len = strlen(real), ceil = ceiling_len(real);
  if (len + sizeof "/.git" > sizeof path)
    return true;  // libgit2 decides
  memcpy(path, real, len + 1);
  for (;;) {
    struct stat st;
    size_t at = len == 1 ? 0 : len;  // "/" + ".git", not "//.git"
    memcpy(path + at, "/.git", sizeof "/.git");
    if (stat(path, &st) == 0)
      return true;
    memcpy(path + at, "/HEAD", sizeof "/HEAD");
    if (stat(path, &st) == 0)
      return true;
    while (len > 1 && path[len - 1] != '/')  // up: "/a/b" -> "/a", "/a" -> "/"
      len--;
    if (len > 1)
      len--;
    if (len <= ceil || at == 0)
      return false;  // at the ceiling, or "/" searched
    path[len] = '\0';
  }
}

/* Open the repository holding pack_root; NULL when there is none (no message).
 * *prefix gets the pack's folder below the work tree, with a trailing '/'. */
static git_repository *git_open(const char *pack_root, char **prefix)
{
  char *real = realpath(pack_root, NULL);
  if (!real || !repo_possible(real)) {
    free(real);
    return NULL;
  }
  if (git_libgit2_init() == 1) {
    // Trees up to 1 MiB stay in the object cache (the default keeps none above
    // 4 KiB, so objectives/ of a large pack would be inflated on every lookup),
    // and objects are not re-hashed on every read, as git itself does not.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  git_repository *repo = NULL;
  // GIT_CEILING_DIRECTORIES as git honours it: the search for the repository stops below them.
  if (git_repository_open_ext(&repo, real, 0, getenv("GIT_CEILING_DIRECTORIES")) != 0 ||
      git_repository_is_bare(repo)) {
    git_repository_free(repo);
    free(real);
    return NULL;
  }
  char *wd = realpath(git_repository_workdir(repo), NULL);
  size_t n = wd ? strlen(wd) : 0;
  if (!wd || strncmp(real, wd, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
    free(wd);
    free(real);
    git_repository_free(repo);
    return NULL;
  }
  const char *rest = real[n] == '/' ? real + n + 1 : real + n;
  *prefix = xmalloc(strlen(rest) + 2);
  strcpy(*prefix, rest);
  if (**prefix)
    strcat(*prefix, "/");
  free(wd);
  free(real);
  return repo;
}

/* The date of a signature in its own time zone. */
static Date git_sig_date(const git_signature *s)
{
  return date_from_unix((int64_t)s->when.time + (int64_t)s->when.offset * 60);
}

Date git_commit_date(const git_commit *c)
{
  Date authored = git_sig_date(git_commit_author(c));
  Date committed = date_from_unix((int64_t)git_commit_time(c) + (int64_t)git_commit_time_offset(c) * 60);
  return authored > committed ? authored : committed;
}

/* When each commit entered HEAD's line of history (its first-parent chain):
 * for a commit off that line, the date of the merge on it that brought it in
 * (the oldest such merge); commits on the line are not in the map.  Into
 * integ (full hex id -> Date + 1, in a).  Merges dated before stop are not
 * looked at: what they brought in entered before any date that matters. */
static void integration_dates(git_repository *repo, Map *integ, Arena *a, Date stop)
{
  git_oid *chain = NULL;
  int n = 0, cap = 0;
  git_commit *c = NULL;
  git_oid id;
  if (git_reference_name_to_id(&id, repo, "HEAD") != 0)
    return;
  Map on;  // the line itself
  map_init(&on);
  char hex[GIT_OID_HEXSZ + 1];
  while (git_commit_lookup(&c, repo, &id) == 0) {
    if (n == cap)
      chain = xrealloc(chain, (size_t)(cap = cap ? 2 * cap : 256) * sizeof *chain);
    chain[n++] = id;
    map_put(&on, arena_strdup(a, git_oid_tostr(hex, sizeof hex, &id)), (void *)1);
    bool more = git_commit_parentcount(c) > 0;
    if (more)
      id = *git_commit_parent_id(c, 0);
    git_commit_free(c);
    c = NULL;
    if (!more)
      break;
  }
  for (int i = n - 1; i >= 0; i--) {  // oldest merge first: the one that brought a commit in
    if (git_commit_lookup(&c, repo, &chain[i]) != 0)
      continue;
    unsigned np = git_commit_parentcount(c);
    git_revwalk *walk = NULL;
    if (np > 1 && git_commit_date(c) >= stop && git_revwalk_new(&walk, repo) == 0 && git_revwalk_hide(walk, git_commit_parent_id(c, 0)) == 0) {
      bool pushed = false;
      for (unsigned k = 1; k < np; k++)
        pushed |= git_revwalk_push(walk, git_commit_parent_id(c, k)) == 0;
      Date d = git_commit_date(c);
      git_oid x;
      while (pushed && git_revwalk_next(&x, walk) == 0) {
        git_oid_tostr(hex, sizeof hex, &x);
        if (!map_get(&on, hex) && !map_get(integ, hex))
          map_put(integ, arena_strdup(a, hex), (void *)(intptr_t)((int64_t)d - DATE_NONE + 1));
      }
    }
    git_revwalk_free(walk);
    git_commit_free(c);
    c = NULL;
  }
  map_release(&on);
  free(chain);
}

/* A commit's date for the history rules: git_commit_date, or, for a commit
 * off HEAD's line, the date the merge that brought it in, when that is later. */
static Date entered_date(const Map *integ, const git_commit *c)
{
  Date d = git_commit_date(c);
  char hex[GIT_OID_HEXSZ + 1];
  void *v = map_get(integ, git_oid_tostr(hex, sizeof hex, git_commit_id(c)));
  Date m = v ? (Date)((int64_t)(intptr_t)v - 1 + DATE_NONE) : DATE_NONE;
  return m > d ? m : d;
}

//
// The revision
//

char *git_pack_prefix(const char *pack_root)
{
  char *prefix = NULL;
  git_repository *repo = git_open(pack_root, &prefix);
  git_repository_free(repo);
  return repo ? prefix : NULL;
}

/* Whether a status entry names a file objreg reads: a file of the pack
 * (prefix, by pack_role) or one of the evidence files (set: paths relative to
 * the work tree). */
static bool status_counts(const git_status_entry *e, const char *prefix, const Map *evidence)
{
  const git_diff_delta *ds[2] = {e->index_to_workdir, e->head_to_index};
  size_t np = strlen(prefix);
  for (int i = 0; i < 2; i++) {
    const git_diff_delta *d = ds[i];
    const char *paths[] = {d ? d->old_file.path : NULL, d ? d->new_file.path : NULL};
    for (int k = 0; k < 2; k++)
      if (paths[k] && ((strncmp(paths[k], prefix, np) == 0 && pack_role(paths[k] + np) != NULL) ||
                       map_get(evidence, paths[k])))
        return true;
    // A submodule in the pack's folder whose work tree differs (files changed,
    // another commit checked out): the files objreg reads there are not HEAD's.
    if (d && (d->old_file.mode == GIT_FILEMODE_COMMIT || d->new_file.mode == GIT_FILEMODE_COMMIT) &&
        strncmp(d->new_file.path, prefix, np) == 0)
      return true;
  }
  return false;
}

/* Whether a file objreg reads differs from HEAD: the status of the paths
 * (pathspec: n literal paths, or the prefix's folder for n == 0), untracked
 * and ignored files included - objreg reads a file whatever .gitignore says. */
static bool status_modified(git_repository *repo, const char *prefix, char **paths, size_t n, const Map *evidence)
{
  git_status_options so;
  git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
  so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
             GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS;
  char *spec[1] = {(char *)prefix};
  if (n > 0) {
    so.pathspec.strings = paths;
    so.pathspec.count = n;
    so.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
  } else if (*prefix) {
    so.pathspec.strings = spec;
    so.pathspec.count = 1;
  }
  git_status_list *list = NULL;
  if (git_status_list_new(&list, repo, &so) != 0)
    return true;  // cannot tell: never claim a clean tree
  bool modified = false;
  for (size_t i = 0, m = git_status_list_entrycount(list); i < m && !modified; i++)
    modified = status_counts(git_status_byindex(list, i), prefix, evidence);
  git_status_list_free(list);
  return modified;
}

const char *git_revision(Arena *a, const char *pack_root, const InputFile *inputs, int n_inputs)
{
  char *prefix = NULL;
  git_repository *repo = git_open(pack_root, &prefix);
  if (!repo)
    return NULL;
  const char *rev = NULL;
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") != 0)
    goto out;  // no commit yet
  // The evidence files the rows name (paths relative to the work tree): those
  // outside the pack's folder are asked for by name, in a second status.
  Map evidence;
  map_init(&evidence);
  char **outside = xcalloc((size_t)n_inputs + 1, sizeof *outside);
  size_t n_out = 0, np = strlen(prefix);
  for (int i = 0; i < n_inputs; i++)
    if (strcmp(inputs[i].role, "evidence") == 0) {
      map_put(&evidence, inputs[i].path, (void *)1);
      if (strncmp(inputs[i].path, prefix, np) != 0)
        outside[n_out++] = (char *)inputs[i].path;
    }
  bool modified = status_modified(repo, prefix, NULL, 0, &evidence) ||
                  (n_out > 0 && status_modified(repo, prefix, outside, n_out, &evidence));
  free(outside);
  map_release(&evidence);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &head);
  rev = arena_printf(a, "%s%s", hex, modified ? "-modified" : "");
out:
  git_repository_free(repo);
  free(prefix);
  return rev;
}

//
// The pack at a revision: a PackSource over a tree
//

// The pack's files at REF, read from the object database while the tree is
// listed (this thread), so that the readers may take them on two threads.
typedef struct {
  git_repository *repo;
  const char *ref;       // as given, for messages
  git_tree *tree;        // the pack's folder at REF
  Map files;             // pack-relative path -> Blob
  Arena arena;
  bool failed;
} TreeSource;

typedef struct {
  char *data;            // malloc-owned
  size_t n;
  git_oid id;
} Blob;

/* The bytes of a blob, NUL-terminated and malloc-owned. */
static char *blob_copy(const git_blob *blob, size_t *n)
{
  *n = (size_t)git_blob_rawsize(blob);
  char *data = xmalloc(*n + 1);
  if (*n)
    memcpy(data, git_blob_rawcontent(blob), *n);
  data[*n] = '\0';
  return data;
}

/* The file a symbolic link of the pack's tree leads to, as the work tree
 * reads it (section 1): its target (the link's blob) taken from the link's
 * folder (dir, "" or "a/b/"), followed through further links, while it stays
 * inside the pack's folder; the entry's id into *id, or false (outside the
 * pack, missing, or not a file: the work tree's reading refuses it too). */
static bool tree_source_link(TreeSource *ts, const char *dir, const git_tree_entry *e, git_oid *id)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s", dir);
  git_oid cur = *git_tree_entry_id(e);
  for (int hops = 0; hops < 16; hops++) {
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, ts->repo, &cur) != 0)
      return false;
    size_t n = (size_t)git_blob_rawsize(blob), len = strlen(path);
    const char *t = git_blob_rawcontent(blob);
    bool ok = n > 0 && t[0] != '/' && len + n < sizeof path && !memchr(t, '\0', n);
    if (ok) {  // the target, resolved by name below the pack's folder
      memcpy(path + len, t, n);
      path[len + n] = '\0';
    }
    git_blob_free(blob);
    char out[PATH_MAX];
    size_t k = 0;
    for (const char *c = path, *end; ok && *c; c = end + (*end == '/')) {
      end = c + strcspn(c, "/");
      size_t m = (size_t)(end - c);
      if (m == 0 || (m == 1 && c[0] == '.'))
        continue;
      if (m == 2 && c[0] == '.' && c[1] == '.') {
        ok = k > 0;  // above the pack's folder: outside
        while (k > 0 && out[k - 1] != '/')
          k--;
        k -= k > 0;
        continue;
      }
      if (k)
        out[k++] = '/';
      memcpy(out + k, c, m);
      k += m;
    }
    out[k] = '\0';
    git_tree_entry *te = NULL;
    if (!ok || k == 0 || git_tree_entry_bypath(&te, ts->tree, out) != 0)
      return false;
    git_filemode_t mode = git_tree_entry_filemode(te);
    cur = *git_tree_entry_id(te);
    git_tree_entry_free(te);
    if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
      *id = cur;
      return true;
    }
    if (mode != GIT_FILEMODE_LINK)
      return false;
    char *slash = strrchr(out, '/');  // a link to a link: from that link's folder
    snprintf(path, sizeof path, "%.*s", slash ? (int)(slash - out + 1) : 0, out);
  }
  return false;
}

#define LFS_SPEC "version https://git-lfs.github.com/spec/v1\n"

/* Whether a blob is a Git LFS pointer ("version ...", "oid sha256:HEX",
 * "size N", in that order, nothing else): the file's content is in the LFS
 * store, not in the blob.  oid gets the 64 hex digits, *size the size. */
static bool lfs_pointer(const char *data, size_t n, char oid[65], long long *size)
{
  if (n > 1024 || n < sizeof LFS_SPEC - 1 || memcmp(data, LFS_SPEC, sizeof LFS_SPEC - 1) != 0)
    return false;
  char text[1025];
  memcpy(text, data, n);
  text[n] = '\0';
  const char *o = strstr(text, "\noid sha256:"), *z = strstr(text, "\nsize ");
  if (!o || !z || strspn(o + 12, "0123456789abcdef") != 64 || o[76] != '\n')
    return false;
  memcpy(oid, o + 12, 64);
  oid[64] = '\0';
  char *end = NULL;
  *size = strtoll(z + 6, &end, 10);
  return end && end != z + 6 && *size >= 0;
}

/* The content of an LFS object from the repository's store
 * (COMMONDIR/lfs/objects/ab/cd/abcd...), when it is there, a regular file,
 * of the pointer's size and SHA-256; malloc-owned and NUL-terminated, or NULL. */
static char *lfs_read(git_repository *repo, const char *oid, long long size, size_t *n)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%slfs/objects/%.2s/%.2s/%s", git_repository_commondir(repo), oid, oid + 2, oid);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (fd < 0)
    return NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (long long)st.st_size != size || size > (64LL << 20)) {
    close(fd);
    return NULL;
  }
  char *data = xmalloc((size_t)size + 1);
  size_t got = 0;
  for (ssize_t r; got < (size_t)size && (r = read(fd, data + got, (size_t)size - got)) != 0;) {
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  unsigned char md[32];
  unsigned int mdn = 0;
  char hex[65];
  bool ok = got == (size_t)size && EVP_Digest(data, got, md, &mdn, EVP_sha256(), NULL) && mdn == 32;
  for (int i = 0; ok && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  if (!ok || memcmp(hex, oid, 64) != 0) {
    free(data);
    return NULL;
  }
  data[got] = '\0';
  *n = got;
  return data;
}

/* git_tree_walk's callback: each file of the pack (by pack_role), read now; hidden names skipped;
 * a symbolic link read as the file it leads to inside the pack. */
static int tree_source_entry(const char *root, const git_tree_entry *e, void *payload)
{
  TreeSource *ts = payload;
  const char *name = git_tree_entry_name(e);
  if (name[0] == '.')
    return 1;  // a hidden file or folder: skipped with what it holds
  git_filemode_t mode = git_tree_entry_filemode(e);
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE && mode != GIT_FILEMODE_LINK)
    return 0;
  const char *path = arena_printf(&ts->arena, "%s%s", root, name);
  if (!pack_role(path))
    return 0;
  git_oid target;
  const git_oid *bid = git_tree_entry_id(e);
  if (mode == GIT_FILEMODE_LINK) {
    if (!tree_source_link(ts, root, e, &target))
      return 0;
    bid = &target;
  }
  git_blob *blob = NULL;
  if (git_blob_lookup(&blob, ts->repo, bid) != 0) {
    fprintf(stderr, "objreg: error: cannot read '%s' from the repository: %s\n", path, git_msg());
    ts->failed = true;
    return -1;
  }
  Blob *b = arena_alloc(&ts->arena, sizeof *b);
  b->data = blob_copy(blob, &b->n);
  b->id = *bid;
  char oid[65];
  long long size;
  if (lfs_pointer(b->data, b->n, oid, &size)) {  // the content is in Git LFS's store, if it was fetched
    size_t n = 0;
    char *data = lfs_read(ts->repo, oid, size, &n);
    if (!data) {
      fprintf(stderr, "objreg: error: --since '%s': '%s' is a Git LFS pointer at that revision, and its content is "
              "not in this repository's LFS store (git lfs fetch)\n", ts->ref, path);
      free(b->data);
      git_blob_free(blob);
      ts->failed = true;
      return -1;
    }
    free(b->data);
    b->data = data, b->n = n;
  }
  git_blob_free(blob);
  map_put(&ts->files, path, b);
  return 0;
}

static int tree_source_list(void *ctx, void (*fn)(void *, const char *), void *arg)
{
  TreeSource *ts = ctx;
  if (git_tree_walk(ts->tree, GIT_TREEWALK_PRE, tree_source_entry, ts) != 0) {
    if (!ts->failed)
      fprintf(stderr, "objreg: error: cannot read the pack's tree: %s\n", git_msg());
    return -1;
  }
  for (size_t i = 0; i < ts->files.cap; i++)
    if (ts->files.keys[i])
      fn(arg, ts->files.keys[i]);
  return 0;
}

/* A copy of a file read while listing (thread-safe: the map is not written any more). */
static char *tree_source_read(void *ctx, const char *path, size_t *n)
{
  TreeSource *ts = ctx;
  const Blob *b = map_get(&ts->files, path);
  if (!b) {
    errno = ENOENT;
    return NULL;
  }
  char *data = xmalloc(b->n + 1);
  memcpy(data, b->data, b->n + 1);
  *n = b->n;
  return data;
}

static void tree_source_release(TreeSource *ts)
{
  for (size_t i = 0; i < ts->files.cap; i++)
    if (ts->files.keys[i])
      free(((Blob *)ts->files.vals[i])->data);
  map_release(&ts->files);
  arena_release(&ts->arena);
}

//
// Approval tied to content (SPEC 19, 7.5-approval)
//

/* The id of the entry at path (pack-relative, "dir/" for a folder) in tree, or NULL. */
static bool entry_id(git_tree *tree, const char *path, git_oid *out)
{
  char p[PATH_MAX];
  snprintf(p, sizeof p, "%s", path);
  size_t n = strlen(p);
  if (n && p[n - 1] == '/')
    p[n - 1] = '\0';
  git_tree_entry *e = NULL;
  if (!tree || git_tree_entry_bypath(&e, tree, p) != 0)
    return false;
  git_oid_cpy(out, git_tree_entry_id(e));
  git_tree_entry_free(e);
  return true;
}

/* Whether any of the n entries of the pack's folder named in tops differs between trees a and b:
 * when none does, no approved content changed, and the commit's diff need not be made. */
static bool tops_changed(git_tree *a, git_tree *b, char tops[][NAME_MAX + 1], int n)
{
  for (int i = 0; i < n; i++) {
    const git_tree_entry *x = git_tree_entry_byname(a, tops[i]), *y = git_tree_entry_byname(b, tops[i]);
    if (!x != !y || (x && !git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y))))
      return true;
  }
  return false;
}

/* The first names of the approvals' paths (objectives, policy.md, ...) in tops, at most
 * eight: how many, or -1 for more (then every commit's diff is made). */
static int approval_tops(const GitApproval *v, int n, char tops[8][NAME_MAX + 1])
{
  int n_tops = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < v[i].n_paths; k++) {
      char top[NAME_MAX + 1];
      snprintf(top, sizeof top, "%.*s", (int)strcspn(v[i].paths[k], "/"), v[i].paths[k]);
      int j = 0;
      while (j < n_tops && strcmp(tops[j], top) != 0)
        j++;
      if (j == n_tops && n_tops == 8)
        return -1;
      if (j == n_tops)
        strcpy(tops[n_tops++], top);
    }
  return n_tops;
}

/* Whether a delta changed the text of a file, as the pack reads it: a UTF-8
 * BOM and CR before LF are not text (SPEC 1), so a file whose line ends or
 * BOM alone changed reads the same; a file added or removed changed. */
static bool delta_changes_text(git_repository *repo, const git_diff_delta *d)
{
  if (d->status != GIT_DELTA_MODIFIED && d->status != GIT_DELTA_RENAMED)
    return true;
  git_blob *b[2] = {NULL, NULL};
  const git_oid *ids[2] = {&d->old_file.id, &d->new_file.id};
  bool changed = true;
  if (git_blob_lookup(&b[0], repo, ids[0]) == 0 && git_blob_lookup(&b[1], repo, ids[1]) == 0) {
    const char *p[2];
    size_t n[2], i[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
      p[k] = git_blob_rawcontent(b[k]);
      n[k] = (size_t)git_blob_rawsize(b[k]);
      if (n[k] >= 3 && memcmp(p[k], "\xEF\xBB\xBF", 3) == 0)
        i[k] = 3;
    }
    for (;;) {
      for (int k = 0; k < 2; k++)  // a CR that ends a line is not text
        if (i[k] + 1 < n[k] && p[k][i[k]] == '\r' && p[k][i[k] + 1] == '\n')
          i[k]++;
      if (i[0] == n[0] || i[1] == n[1] || p[0][i[0]] != p[1][i[1]])
        break;
      i[0]++, i[1]++;
    }
    changed = i[0] != n[0] || i[1] != n[1];
  }
  git_blob_free(b[0]);
  git_blob_free(b[1]);
  return changed;
}

/* Whether a commit's changes (diff, pack-relative paths) touch the text of
 * path ("dir/" for a folder: any file below it). */
static bool diff_touches(git_repository *repo, git_diff *diff, const char *path)
{
  size_t n = strlen(path);
  bool dir = n && path[n - 1] == '/';
  for (size_t i = 0, nd = git_diff_num_deltas(diff); i < nd; i++) {
    const git_diff_delta *d = git_diff_get_delta(diff, i);
    const char *paths[] = {d->old_file.path, d->new_file.path};
    for (int k = 0; k < 2; k++)
      if (paths[k] && (dir ? strncmp(paths[k], path, n) == 0 : strcmp(paths[k], path) == 0) &&
          delta_changes_text(repo, d))
        return true;
  }
  return false;
}

static git_tree *pack_tree(git_repository *repo, const git_commit *c, const char *prefix);
static void pack_trees(git_repository *repo, char **prefix, const git_commit *c, const git_commit *parent,
                       git_tree **now, git_tree **before);

/* The change of diff to the file at path (pack-relative) as it is after the
 * commit (its new side; else its old side, when the commit took it away), or NULL. */
static const git_diff_delta *delta_of(git_diff *diff, const char *path)
{
  const git_diff_delta *old_side = NULL;
  for (size_t i = 0, nd = git_diff_num_deltas(diff); i < nd; i++) {
    const git_diff_delta *d = git_diff_get_delta(diff, i);
    if (d->new_file.path && strcmp(d->new_file.path, path) == 0)
      return d;
    if (!old_side && d->old_file.path && strcmp(d->old_file.path, path) == 0)
      old_side = d;
  }
  return old_side;
}

/* Weigh one commit's change (diff: its tree against its parent's pt, dated
 * date) against each approval still open: a change to what an approval covers
 * after it was given either found what changed under it (the version and the
 * approval date before are the ones still stated) or closes it (the change
 * came with another version, or recorded the approval itself).  An
 * objective's file renamed in the commit is followed to its earlier name; a
 * file that was not there before closes nothing (it may have been removed and
 * added again).  Returns how many approvals it closed. */
static int approvals_weigh_commit(const Pack *pack, git_repository *repo, Arena a[3], const git_commit *c, Date date,
                                  git_tree *pt, git_diff *diff, GitApproval *v, int n)
{
  int closed = 0;
  for (int i = 0; i < n; i++) {
    GitApproval *x = &v[i];
    if (x->found || x->done || date <= x->after)
      continue;
    const char *vfile = x->vfile;  // where the version was before this commit
    if (!x->doc) {
      const git_diff_delta *d = delta_of(diff, x->vfile);
      if (!d)
        continue;
      if (d->status == GIT_DELTA_RENAMED && d->old_file.path && strcmp(d->old_file.path, x->vfile) != 0) {
        vfile = x->vfile = x->paths[0] = arena_strdup(&a[2], d->old_file.path);  // the commits before knew that name
        if (git_oid_equal(&d->old_file.id, &d->new_file.id))
          continue;  // renamed, not changed
      }
      if (!delta_changes_text(repo, d))
        continue;  // line ends or a BOM: the same text
      if (d->status == GIT_DELTA_ADDED) {  // added back (newest first): its removal compares with this
        git_oid_tostr(x->readded, sizeof x->readded, &d->new_file.id);
        continue;
      }
      if (d->status == GIT_DELTA_DELETED && *x->readded) {
        char gone[GIT_OID_HEXSZ + 1];
        bool same = strcmp(git_oid_tostr(gone, sizeof gone, &d->old_file.id), x->readded) == 0;
        x->readded[0] = '\0';
        if (same)
          continue;  // removed and added back as it was: no change
      }
    } else {
      bool changed = false;
      for (int k = 0; k < x->n_paths && !changed; k++)
        changed = diff_touches(repo, diff, x->paths[k]);
      if (!changed)
        continue;
    }
    git_oid vid;
    git_blob *blob = NULL;
    if (!entry_id(pt, vfile, &vid) || git_blob_lookup(&blob, repo, &vid) != 0)
      continue;  // not there before: an older commit may have taken it away
    Date approved = DATE_NONE;
    const char *before = approval_version(pack, &a[0], &a[1], git_blob_rawcontent(blob),
                                          (size_t)git_blob_rawsize(blob), x->doc, &approved);
    git_blob_free(blob);
    if (before && strcmp(before, x->version) == 0 && approved == x->after) {
      x->found = true;
      git_oid_tostr(x->commit, sizeof x->commit, git_commit_id(c));  // 7 hex digits, as 6.2f-relevance names a commit
      x->date = date;
    } else {
      x->done = true;  // another version, or this approval recorded here: older changes were approved with it
    }
    closed += 1;
  }
  return closed;
}

/* What commit c changed in the pack against its parent (for a merge: its
 * first parent, the line of history it brought the other into), for the
 * approvals whose top-level entries are tops (n_tops, -1: any): its diff,
 * renames found, or NULL when nothing they cover can have changed (or the
 * pack is not in both trees).  *pt is the parent's tree of the pack (the
 * versions before), for the caller to free. */
static git_diff *approval_diff(git_repository *repo, char **prefix, const git_commit *c,
                               const git_commit *parent, char tops[][NAME_MAX + 1], int n_tops, git_tree **pt)
{
  git_tree *t = NULL;
  pack_trees(repo, prefix, c, parent, &t, pt);
  git_diff_options o;
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff *diff = NULL;  // the paths it changed, once for every approval
  if (t && *pt && (n_tops < 0 || tops_changed(*pt, t, tops, n_tops)) &&
      git_diff_tree_to_tree(&diff, repo, *pt, t, &o) != 0)
    diff = NULL;
  git_diff_find_options fo;
  git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
  fo.flags = GIT_DIFF_FIND_RENAMES;
  if (diff && git_diff_find_similar(diff, &fo) != 0) {
    git_diff_free(diff);
    diff = NULL;
  }
  git_tree_free(t);
  return diff;
}

/* The date of the earliest approval, or DATE_NONE without any. */
static Date earliest_approval(const GitApproval *v, int n)
{
  Date stop = DATE_NONE;
  for (int i = 0; i < n; i++)
    if (stop == DATE_NONE || v[i].after < stop)
      stop = v[i].after;
  return stop;
}

int git_approval_changes(const Pack *pack, GitApproval *v, int n)
{
  char *prefix = NULL;
  git_repository *repo = git_open(pack->root, &prefix);
  if (!repo)
    return 0;
  git_revwalk *walk = NULL;
  git_oid id;
  int open = n;
  Date stop = earliest_approval(v, n);  // older commits cannot matter
  Map integ;  // when each commit off HEAD's line entered it
  Arena ia;
  map_init(&integ);
  arena_init(&ia);
  if (open > 0)
    integration_dates(repo, &integ, &ia, stop);
  if (git_revwalk_new(&walk, repo) != 0 || git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
      git_revwalk_push_head(walk) != 0)
    open = 0;  // no commit yet
  Arena a[3];  // the versions found; two to read earlier versions in, reused
  for (int i = 0; i < 3; i++)
    arena_init(&a[i]);
  bool complete = true;  // false: the walk met a commit that is not there (a shallow clone's boundary)
  int err = 0;
  char tops[8][NAME_MAX + 1];
  int n_tops = approval_tops(v, n, tops);
  while (open > 0 && (err = git_revwalk_next(&id, walk)) == 0) {  // newest first: the first match is the last change
    git_commit *c = NULL, *parent = NULL;
    if (git_commit_lookup(&c, repo, &id) != 0) {
      complete = false;
      break;
    }
    // A commit dated before every approval cannot matter; the walk goes on past
    // it, as a commit made on a clock that was behind may come before (in the
    // history) changes dated after an approval.  A commit is dated when it
    // entered HEAD's line (entered_date).  A merge brings changes its other
    // commits made (walked themselves); a root commit has nothing to compare with.
    Date date = entered_date(&integ, c);
    if (date <= stop || git_commit_parentcount(c) != 1) {
      git_commit_free(c);
      continue;
    }
    if (git_commit_parent(&parent, c, 0) != 0) {
      git_commit_free(c);
      complete = false;
      break;
    }
    git_tree *pt = NULL;
    git_diff *diff = approval_diff(repo, &prefix, c, parent, tops, n_tops, &pt);
    if (diff)
      open -= approvals_weigh_commit(pack, repo, a, c, date, pt, diff, v, n);
    git_diff_free(diff);
    git_tree_free(pt);
    git_commit_free(parent);
    git_commit_free(c);
  }
  // libgit2 1.7 and later walk a shallow clone to its boundary as if it were the
  // root (1.5 stops at the missing parent): the history before it is missing.
  if (open > 0 && ((err != 0 && err != GIT_ITEROVER) || (err == GIT_ITEROVER && git_repository_is_shallow(repo))))
    complete = false;
  if (!complete)
    fprintf(stderr, "objreg: note: the Git history of the pack is incomplete%s; 7.5-approval looked only at the "
            "commits present\n", git_repository_is_shallow(repo) ? " (a shallow clone)" : "");
  for (int i = 0; i < 3; i++)
    arena_release(&a[i]);
  map_release(&integ);
  arena_release(&ia);
  git_revwalk_free(walk);
  git_repository_free(repo);
  free(prefix);
  return 0;
}

/* The pack's folder in a commit's tree, or NULL when it is not there. */
static git_tree *pack_tree(git_repository *repo, const git_commit *c, const char *prefix)
{
  git_tree *root = NULL, *sub = NULL;
  if (git_commit_tree(&root, c) != 0)
    return NULL;
  if (!*prefix)
    return root;
  git_tree_entry *e = NULL;
  char *dir = xmalloc(strlen(prefix) + 1);
  strcpy(dir, prefix);
  dir[strlen(dir) - 1] = '\0';
  if (git_tree_entry_bypath(&e, root, dir) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
    git_tree_lookup(&sub, repo, git_tree_entry_id(e));
  git_tree_entry_free(e);
  git_tree_free(root);
  free(dir);
  return sub;
}

// A search for the folder a pack was moved from (moved_from).
typedef struct {
  git_repository *repo;
  git_oid tree, yml, objectives;  // the pack's folder after the move, its pack.yml and objectives/
  bool has_yml, has_objectives;
  char *found;                    // the folder's path with a trailing '/' (malloc-owned), or NULL
} MoveSearch;

/* Whether tree t is the pack's folder before the move: the same folder, or
 * one holding the same pack.yml or the same objectives/ (moved and changed). */
static bool move_match(const MoveSearch *m, const git_tree *t)
{
  if (git_oid_equal(git_tree_id(t), &m->tree))
    return true;
  const git_tree_entry *y = git_tree_entry_byname(t, "pack.yml"), *o = git_tree_entry_byname(t, "objectives");
  return (m->has_yml && y && git_oid_equal(git_tree_entry_id(y), &m->yml)) ||
         (m->has_objectives && o && git_oid_equal(git_tree_entry_id(o), &m->objectives));
}

/* git_tree_walk's callback: each folder of the parent's tree, tried as the pack's. */
static int move_entry(const char *root, const git_tree_entry *e, void *payload)
{
  MoveSearch *m = payload;
  git_tree *t = NULL;
  if (git_tree_entry_type(e) != GIT_OBJECT_TREE || git_tree_lookup(&t, m->repo, git_tree_entry_id(e)) != 0)
    return 0;
  bool hit = move_match(m, t);
  git_tree_free(t);
  if (!hit)
    return 0;
  const char *name = git_tree_entry_name(e);
  m->found = xmalloc(strlen(root) + strlen(name) + 2);
  sprintf(m->found, "%s%s/", root, name);
  return -1;  // found: stop
}

/* The pack's folder before commit c moved (or copied) it: c's tree has it
 * (now) where its parent's has nothing, and the parent's tree holds the same
 * folder, or one with the same pack.yml or objectives/, elsewhere (the root
 * included): the content's history before c is that folder's, as git log
 * --follow finds it.  That folder's path ("" or "sub/dir/", malloc-owned), or
 * NULL: the pack was written anew in c. */
static char *moved_from(git_repository *repo, git_tree *now, const git_commit *parent)
{
  MoveSearch m = {.repo = repo, .tree = *git_tree_id(now)};
  const git_tree_entry *y = git_tree_entry_byname(now, "pack.yml"), *o = git_tree_entry_byname(now, "objectives");
  if ((m.has_yml = y != NULL))
    m.yml = *git_tree_entry_id(y);
  if ((m.has_objectives = o != NULL))
    m.objectives = *git_tree_entry_id(o);
  git_tree *root = NULL;
  if (git_commit_tree(&root, parent) != 0)
    return NULL;
  if (move_match(&m, root))
    m.found = xcalloc(1, 1);  // at the root: ""
  else
    git_tree_walk(root, GIT_TREEWALK_PRE, move_entry, &m);
  git_tree_free(root);
  return m.found;
}

/* The pack's folder in commit c (*now) and in its parent (*before), the
 * parent's where *prefix was before c moved it there; *prefix then becomes
 * that folder for the commits before (the walks go newest first).  Either
 * tree may be NULL. */
static void pack_trees(git_repository *repo, char **prefix, const git_commit *c, const git_commit *parent,
                       git_tree **now, git_tree **before)
{
  *now = pack_tree(repo, c, *prefix);
  *before = pack_tree(repo, parent, *prefix);
  char *moved = *now && !*before ? moved_from(repo, *now, parent) : NULL;
  if (moved) {
    *before = pack_tree(repo, parent, moved);
    free(*prefix);
    *prefix = moved;
  }
}

/* Why REF cannot be read, on stderr. */
static void since_error(git_repository *repo, const char *ref, const char *what)
{
  if (git_repository_is_shallow(repo))
    fprintf(stderr,
            "objreg: error: --since '%s': %s in this shallow clone; fetch the history first "
            "(git fetch --unshallow, or a clone with fetch-depth 0)\n",
            ref, what);
  else
    fprintf(stderr, "objreg: error: --since '%s': %s\n", ref, what);
}

/* The commit REF names and the pack's folder in its tree: 0, or -1 after saying why. */
static int since_tree(git_repository *repo, const char *ref, const char *prefix, git_object **obj, git_commit **commit,
                      git_tree **tree)
{
  Buf why;
  buf_init(&why);
  if (git_revparse_single(obj, repo, ref) != 0 || git_object_peel((git_object **)commit, *obj, GIT_OBJECT_COMMIT) != 0)
    buf_printf(&why, "neither a folder nor a revision of the pack's repository (%s)", git_msg());
  else if (!(*tree = pack_tree(repo, *commit, prefix)))
    buf_printf(&why, "the pack's folder '%.*s' is not in that revision", (int)(strlen(prefix) ? strlen(prefix) - 1 : 1),
               *prefix ? prefix : ".");
  bool failed = why.len > 0;
  if (failed)
    since_error(repo, ref, why.s);
  buf_release(&why);
  return failed ? -1 : 0;
}

/* The pack as of commit, read from its tree (src), labelled REF:PREFIX; 0 or -1. */
static int since_load(Pack *old, const char *ref, const char *prefix, const git_commit *commit, const PackSource *src,
                      int threads)
{
  Buf label;
  buf_init(&label);
  buf_printf(&label, "%s:%s", ref, prefix);
  Date fallback = date_from_unix((int64_t)git_commit_time(commit) + (int64_t)git_commit_time_offset(commit) * 60);
  int loaded = pack_load_source(old, label.s, src, fallback, threads);
  buf_release(&label);
  return loaded;
}

/* The state the attribution starts from: the pack as of commit (old, read
 * from ts), its definitions indexed, the file of each objective, and the
 * versions of the files the walk need not parse again.  Takes repo and prefix. */
static GitSince *since_new(git_repository *repo, char *prefix, const char *ref, const git_commit *commit,
                           const Pack *old, const TreeSource *ts)
{
  GitSince *gs = xcalloc(1, sizeof *gs);
  gs->repo = repo;
  gs->prefix = prefix;
  gs->ref = ref;
  gs->ref_id = *git_commit_id(commit);
  arena_init(&gs->arena);
  map_init(&gs->ref_paths);
  map_init(&gs->seeds);
  state_from_pack(old, NULL, &gs->ref_defs);
  state_index(&gs->ref_defs);
  for (int i = 0; i < old->n_objectives; i++) {
    const Objective *o = old->objectives[i];
    map_put(&gs->ref_paths, arena_strdup(&gs->arena, o->id.s), arena_strdup(&gs->arena, o->file));
    const Blob *b = map_get(&ts->files, o->file);
    char hex[GIT_OID_HEXSZ + 1];
    if (b)  // the walk meets this version of the file: no need to parse it again
      map_put(&gs->seeds, arena_strdup(&gs->arena, git_oid_tostr(hex, sizeof hex, &b->id)), &gs->ref_defs);
  }
  return gs;
}

int git_since_read(const char *pack_root, const char *ref, int threads, PackState *st, GitSince **out)
{
  *out = NULL;
  char *prefix = NULL;
  git_repository *repo = git_open(pack_root, &prefix);
  if (!repo) {
    fprintf(stderr, "objreg: error: --since '%s': not a folder, and the pack is not in a Git repository\n", ref);
    return -1;
  }
  git_object *obj = NULL;
  git_commit *commit = NULL;
  git_tree *tree = NULL;
  int rc = -1;
  if (since_tree(repo, ref, prefix, &obj, &commit, &tree) != 0)
    goto out;
  TreeSource ts = {.repo = repo, .ref = ref, .tree = tree};
  map_init(&ts.files);
  arena_init(&ts.arena);
  PackSource src = {&ts, tree_source_list, tree_source_read};
  Pack old;
  if (since_load(&old, ref, prefix, commit, &src, threads) != 0) {
    tree_source_release(&ts);
    pack_free(&old);
    goto out;
  }
  Eval ev;
  eval_pack(&old, old.as_of, &ev);
  state_from_pack(&old, &ev, st);
  *out = since_new(repo, prefix, ref, commit, &old, &ts);
  tree_source_release(&ts);
  eval_release(&ev);
  pack_free(&old);
  repo = NULL, prefix = NULL;
  rc = 0;
out:
  git_tree_free(tree);
  git_commit_free(commit);
  git_object_free(obj);
  git_repository_free(repo);
  free(prefix);
  return rc;
}

void git_since_free(GitSince *gs)
{
  if (!gs)
    return;
  git_repository_free(gs->repo);
  free(gs->prefix);
  map_release(&gs->ref_paths);
  map_release(&gs->seeds);
  state_release(&gs->ref_defs);
  arena_release(&gs->arena);
  free(gs);
}

//
// Which commit made each change
//

// An objective whose changes are looked for, and the files it may be in.
typedef struct {
  const char *id;
  const char *paths[2];  // pack-relative: now, and at REF (either may be NULL)
  int *changes; int n, open;  // indexes into the record; open: not yet attributed
  bool linked;           // its file in the work tree is a symbolic link: attr_linked's, not attr_walk's
} Tracked;

typedef struct {
  GitSince *gs;
  ChangeRecord *cr;
  const Pack *pack;      // this build's: its settings read each version, its state seeds the cache
  PackState now;         // this build's definitions, indexed
  Tracked *t; int nt;
  Map by_path;           // pack-relative path -> Tracked* (first one; ids rarely share files)
  Map states;            // blob id (hex) -> PackState* of that version of the file
  Arena arena;
  int open;              // changes still without a commit
} Attr;

/* The definition state of one version of an objective file (cached by blob):
 * read with this pack's settings (limits), findings dropped. */
static const PackState *attr_state(Attr *x, const git_oid *blob_id, const char *path)
{
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, blob_id);
  PackState *st = map_get(&x->states, hex);
  if (!st)
    st = map_get(&x->gs->seeds, hex);
  if (st)
    return st;
  st = arena_alloc(&x->arena, sizeof *st);
  git_blob *blob = NULL;
  Pack p = *x->pack;  // the settings; then memory, findings and objectives of its own
  arena_init(&p.arena);
  arena_init(&p.scratch);
  memset(&p.diags, 0, sizeof p.diags);
  p.keep_text = false, p.ctx = NULL, p.inputs = NULL, p.n_inputs = p.cap_inputs = 0;
  Objective *o = NULL;
  p.objectives = &o;
  p.n_objectives = 0;
  if (git_blob_lookup(&blob, x->gs->repo, blob_id) == 0) {
    size_t n;
    char *data = blob_copy(blob, &n);
    SrcFile f = {.path = arena_strdup(&p.arena, path)};
    if (src_text(&p, &f, data, n)) {
      o = objective_read(&p, &f);
      p.n_objectives = o && o->id.s ? 1 : 0;
      free(f.data);
    }
  }
  git_blob_free(blob);
  state_from_pack(&p, NULL, st);
  if (o && o->body)
    cmark_node_free(o->body);
  diag_release(&p.diags);
  arena_release(&p.scratch);
  arena_release(&p.arena);
  map_put(&x->states, arena_strdup(&x->arena, hex), st);
  return st;
}

/* Seed the cache with this build's files that are as committed somewhere in
 * the walk: each file's blob id, hashed as Git would, maps to this pack's state. */
static void attr_seed_now(Attr *x)
{
  state_from_pack(x->pack, NULL, &x->now);
  state_index(&x->now);
  Buf path;
  buf_init(&path);
  for (int i = 0; i < x->nt; i++) {
    const Objective *o = map_get(&x->pack->obj_by_id, x->t[i].id);
    git_oid id;
    char hex[GIT_OID_HEXSZ + 1];
    if (!o)
      continue;
    path.len = 0;
    buf_printf(&path, "%s/%s", x->pack->root, o->file);
    if (git_odb_hashfile(&id, path.s, GIT_OBJECT_BLOB) == 0)
      map_put(&x->states, arena_strdup(&x->arena, git_oid_tostr(hex, sizeof hex, &id)), &x->now);
  }
  buf_release(&path);
}

/* The blob at rel ("objectives/...") in a tree of the pack's objectives/ folder, or NULL. */
static const git_oid *attr_blob(git_tree *objectives, const char *rel, git_oid *out)
{
  if (!objectives || !rel)
    return NULL;
  const git_tree_entry *e = NULL;
  git_tree_entry *owned = NULL;
  rel += strlen("objectives/");
  if (!strchr(rel, '/'))
    e = git_tree_entry_byname(objectives, rel);
  else if (git_tree_entry_bypath(&owned, objectives, rel) == 0)
    e = owned;
  const git_oid *id = NULL;
  if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB)
    *out = *git_tree_entry_id(e), id = out;
  git_tree_entry_free(owned);
  return id;
}

/* The commit as the documents name it (once per commit). */
static const ChangeCommit *attr_commit(Attr *x, const git_commit *c)
{
  ChangeCommit *k = arena_alloc(&x->cr->arena, sizeof *k);
  char hex[8];
  git_oid_tostr(hex, sizeof hex, git_commit_id(c));
  const git_signature *a = git_commit_author(c);
  k->id = arena_strdup(&x->cr->arena, hex);
  k->author = utf8_clean(&x->cr->arena, a && a->name ? a->name : "");  // Git checks no encoding
  k->date = git_commit_date(c);
  return k;
}

/* A copy of a model string ("" for NULL). */
static const char *cp_or_empty(Arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : "";
}

static bool same_str(const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One tracked objective in commit c: its file at pn in c (NULL: none) against
 * its file at pb in the parent (NULL: none); attribute what c made. */
static void attr_objective(Attr *x, Tracked *t, const git_commit *c, git_tree *now, const char *pn, git_tree *before,
                           const char *pb, const ChangeCommit **made)
{
  git_oid idn, idb;
  const git_oid *bn = attr_blob(now, pn, &idn), *bb = attr_blob(before, pb, &idb);
  if ((!bn && !bb) || (bn && bb && git_oid_equal(bn, bb)))
    return;
  const PackState *sn = bn ? attr_state(x, bn, pn) : NULL;
  const PackState *sb = bb ? attr_state(x, bb, pb) : NULL;
  for (int i = 0; i < t->n; i++) {
    if (t->changes[i] < 0)
      continue;
    Change *ch = &x->cr->v[t->changes[i]];
    const char *vn = sn ? change_value(sn, ch) : NULL, *vb = sb ? change_value(sb, ch) : NULL;
    if (same_str(vn, vb))
      continue;
    // The latest commit that changed it: it made the change when it gives the
    // value the change ends with; else the change is in the work tree only.
    if (same_str(vn, ch->after)) {
      if (!*made)
        *made = attr_commit(x, c);
      ch->commit = *made;
    }
    t->changes[i] = -1;
    t->open--;
    x->open--;
  }
}

/* The tree of objectives/ in the pack's folder of a commit, or NULL. */
static git_tree *objectives_tree(GitSince *gs, const git_commit *c)
{
  git_tree *pt = pack_tree(gs->repo, c, gs->prefix), *ot = NULL;
  if (!pt)
    return NULL;
  const git_tree_entry *e = git_tree_entry_byname(pt, "objectives");
  if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE)
    git_tree_lookup(&ot, gs->repo, git_tree_entry_id(e));
  git_tree_free(pt);
  return ot;
}

/* The changed files between two objectives/ trees, each handed to the
 * tracked objective of that file. A file renamed in the commit (found by
 * content, as git log --follow does), or added while a file that held the
 * same objective went away, is compared with that file; its earlier name
 * then leads to the objective in the commits before. */
static void attr_commit_files(Attr *x, const git_commit *c, git_tree *now, git_tree *before)
{
  git_diff *diff = NULL;
  git_diff_options o;
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff_find_options fo;
  git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
  fo.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_tree_to_tree(&diff, x->gs->repo, before, now, &o) != 0)
    return;
  git_diff_find_similar(diff, &fo);
  const ChangeCommit *made = NULL;
  size_t n = git_diff_num_deltas(diff);
  for (size_t i = 0; i < n && x->open > 0; i++) {
    const git_diff_delta *d = git_diff_get_delta(diff, i);
    const char *pn = d->status == GIT_DELTA_DELETED ? NULL : arena_printf(&x->arena, "objectives/%s", d->new_file.path);
    const char *pb = d->status == GIT_DELTA_ADDED ? NULL : arena_printf(&x->arena, "objectives/%s", d->old_file.path);
    Tracked *t = pn ? map_get(&x->by_path, pn) : NULL;
    if (!t && pb)
      t = map_get(&x->by_path, pb);
    if (!t || t->open <= 0 || t->linked)
      continue;
    for (size_t k = 0; !pb && k < n; k++) {  // added: a file deleted here that held the objective
      const git_diff_delta *g = git_diff_get_delta(diff, k);
      git_oid id;
      const char *gp = g->status == GIT_DELTA_DELETED ? arena_printf(&x->arena, "objectives/%s", g->old_file.path) : NULL;
      const git_oid *gb = gp ? attr_blob(before, gp, &id) : NULL;
      if (gb && state_has_objective(attr_state(x, gb, gp), t->id))
        pb = gp;
    }
    attr_objective(x, t, c, now, pn, before, pb, &made);
    if (pb && (!pn || strcmp(pb, pn) != 0) && !map_get(&x->by_path, pb))
      map_put(&x->by_path, pb, t);  // the commits before this one knew the file by that name
  }
  git_diff_free(diff);
}

/* A merge commit c: a change whose final value c holds, while none of its
 * parents did, was made in the merge (a conflict resolved by hand); any
 * other came from a parent's history, which the walk visits after it. */
static void attr_merge(Attr *x, const git_commit *c, git_tree *now)
{
  unsigned np = git_commit_parentcount(c);
  git_tree *pt[8] = {0};
  np = np > 8 ? 8 : np;
  for (unsigned k = 0; k < np; k++) {
    git_commit *parent = NULL;
    if (git_commit_parent(&parent, c, k) == 0)
      pt[k] = objectives_tree(x->gs, parent);
    git_commit_free(parent);
  }
  git_diff *diff = NULL;
  const ChangeCommit *made = NULL;
  if (git_diff_tree_to_tree(&diff, x->gs->repo, pt[0], now, NULL) == 0) {
    for (size_t i = 0, n = git_diff_num_deltas(diff); i < n && x->open > 0; i++) {
      const git_diff_delta *d = git_diff_get_delta(diff, i);
      if (d->status == GIT_DELTA_DELETED)
        continue;
      const char *pn = arena_printf(&x->arena, "objectives/%s", d->new_file.path);
      Tracked *t = map_get(&x->by_path, pn);
      git_oid idn, idp;
      const git_oid *bn = t && t->open > 0 && !t->linked ? attr_blob(now, pn, &idn) : NULL;
      if (!bn)
        continue;
      const PackState *sn = attr_state(x, bn, pn);
      for (int j = 0; j < t->n; j++) {
        if (t->changes[j] < 0)
          continue;
        Change *ch = &x->cr->v[t->changes[j]];
        const char *vn = change_value(sn, ch);
        if (!same_str(vn, ch->after))
          continue;
        bool from_parent = false;
        for (unsigned k = 0; k < np && !from_parent; k++) {
          const git_oid *bp = attr_blob(pt[k], pn, &idp);
          from_parent = bp && same_str(change_value(attr_state(x, bp, pn), ch), vn);
        }
        if (from_parent)
          continue;
        if (!made)
          made = attr_commit(x, c);
        ch->commit = made;
        t->changes[j] = -1;
        t->open--;
        x->open--;
      }
    }
    git_diff_free(diff);
  }
  for (unsigned k = 0; k < np; k++)
    git_tree_free(pt[k]);
}

/* Walk the commits from HEAD back to REF; -1 after a message (an incomplete history). */
static int attr_walk(Attr *x)
{
  GitSince *gs = x->gs;
  git_revwalk *walk = NULL;
  git_oid id;
  int rc = 0;
  if (git_revwalk_new(&walk, gs->repo) != 0 || git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
      git_revwalk_push_head(walk) != 0 || git_revwalk_hide(walk, &gs->ref_id) != 0) {
    since_error(gs->repo, gs->ref, "cannot read the history between it and HEAD");
    git_revwalk_free(walk);
    return -1;
  }
  int err = 0;
  git_oid last_parent;           // the parent of the commit before, and its objectives/ tree:
  git_tree *last_before = NULL;  // the next commit in a linear history
  bool has_last = false;
  while (x->open > 0 && (err = git_revwalk_next(&id, walk)) == 0) {
    git_commit *c = NULL, *parent = NULL;
    if (git_commit_lookup(&c, gs->repo, &id) != 0 ||
        (git_commit_parentcount(c) == 1 && git_commit_parent(&parent, c, 0) != 0)) {
      git_commit_free(c);
      rc = -1;
      break;
    }
    git_tree *now = NULL, *before = NULL;
    if (git_commit_parentcount(c) > 1) {  // a merge brings changes its other commits made, or makes one
      now = objectives_tree(gs, c);
      attr_merge(x, c, now);
    } else {
      if (has_last && git_oid_equal(&last_parent, &id))
        now = last_before, last_before = NULL;
      else
        now = objectives_tree(gs, c);
      before = parent ? objectives_tree(gs, parent) : NULL;
      bool same = (!now && !before) || (now && before && git_oid_equal(git_tree_id(now), git_tree_id(before)));
      if (!same)
        attr_commit_files(x, c, now, before);
    }
    git_tree_free(last_before);
    git_tree_free(now);
    last_before = before;
    has_last = parent != NULL;
    if (parent)
      last_parent = *git_commit_id(parent);
    git_commit_free(parent);
    git_commit_free(c);
  }
  git_tree_free(last_before);
  if (rc == 0 && x->open > 0 && err != GIT_ITEROVER)
    rc = -1;
  if (rc != 0)
    since_error(gs->repo, gs->ref, "the history between it and HEAD is incomplete");
  git_revwalk_free(walk);
  return rc;
}

/* The blob the pack reads at pack-relative path p in commit c: the file, or
 * the one a symbolic link there leads to inside the pack's folder. */
static bool attr_linked_blob(GitSince *gs, const git_commit *c, const char *p, git_oid *out)
{
  git_tree *pt = pack_tree(gs->repo, c, gs->prefix);
  git_tree_entry *e = NULL;
  bool ok = false;
  if (pt && git_tree_entry_bypath(&e, pt, p) == 0) {
    git_filemode_t mode = git_tree_entry_filemode(e);
    if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
      *out = *git_tree_entry_id(e);
      ok = true;
    } else if (mode == GIT_FILEMODE_LINK) {
      TreeSource ts = {.repo = gs->repo, .tree = pt};
      const char *slash = strrchr(p, '/');
      char dir[PATH_MAX];
      snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - p + 1) : 0, p);
      ok = tree_source_link(&ts, dir, e, out);
    }
  }
  git_tree_entry_free(e);
  git_tree_free(pt);
  return ok;
}

/* The objectives whose file in the work tree is a symbolic link (the pack
 * reads the file it leads to, which may lie outside objectives/, where
 * attr_walk looks): the commits of REF..HEAD walked once more, comparing the
 * file each link leads to in a commit and in its first parent. */
static void attr_linked(Attr *x)
{
  Tracked **v = xcalloc((size_t)x->nt + 1, sizeof *v);
  int n = 0;
  for (int i = 0; i < x->nt; i++)
    if (x->t[i].open > 0 && x->t[i].linked)
      v[n++] = &x->t[i];
  git_revwalk *walk = NULL;
  git_oid id;
  if (n > 0 && git_revwalk_new(&walk, x->gs->repo) == 0 &&
      git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) == 0 && git_revwalk_push_head(walk) == 0 &&
      git_revwalk_hide(walk, &x->gs->ref_id) == 0)
    while (x->open > 0 && git_revwalk_next(&id, walk) == 0) {
      git_commit *c = NULL, *parent = NULL;
      if (git_commit_lookup(&c, x->gs->repo, &id) == 0 && git_commit_parentcount(c) > 0 &&
          git_commit_parent(&parent, c, 0) == 0) {
        const ChangeCommit *made = NULL;
        for (int i = 0; i < n; i++) {
          Tracked *t = v[i];
          git_oid bn, bb;
          bool hn = t->open > 0 && attr_linked_blob(x->gs, c, t->paths[0], &bn);
          bool hb = t->open > 0 && attr_linked_blob(x->gs, parent, t->paths[0], &bb);
          if ((!hn && !hb) || (hn && hb && git_oid_equal(&bn, &bb)))
            continue;
          const PackState *sn = hn ? attr_state(x, &bn, t->paths[0]) : NULL;
          const PackState *sb = hb ? attr_state(x, &bb, t->paths[0]) : NULL;
          for (int j = 0; j < t->n; j++) {
            if (t->changes[j] < 0)
              continue;
            Change *ch = &x->cr->v[t->changes[j]];
            const char *vn = sn ? change_value(sn, ch) : NULL, *vb = sb ? change_value(sb, ch) : NULL;
            if (same_str(vn, vb))
              continue;
            if (same_str(vn, ch->after)) {
              if (!made)
                made = attr_commit(x, c);
              ch->commit = made;
            }
            t->changes[j] = -1;
            t->open--;
            x->open--;
          }
        }
      }
      git_commit_free(parent);
      git_commit_free(c);
    }
  git_revwalk_free(walk);
  free(v);
}

/* The changes no commit of REF..HEAD made: when HEAD's version of the
 * objective's file already gives the value the change ends with, the
 * difference is not in the work tree but in REF's own history (REF is not an
 * ancestor of HEAD: a tag on another branch). */
static void attr_ref_side(Attr *x)
{
  git_object *head = NULL;
  git_commit *hc = NULL;
  if (git_revparse_single(&head, x->gs->repo, "HEAD") != 0 ||
      git_object_peel((git_object **)&hc, head, GIT_OBJECT_COMMIT) != 0) {
    git_object_free(head);
    return;
  }
  git_tree *now = objectives_tree(x->gs, hc);
  for (int i = 0; i < x->nt; i++) {
    Tracked *t = &x->t[i];
    if (t->open <= 0)
      continue;
    // The objective's file in HEAD: where it is now, else where it was at REF (removed since).
    const PackState *sn = NULL;
    git_oid id;
    for (int k = 0; k < 2 && !sn; k++) {
      const char *p = t->paths[k] && strncmp(t->paths[k], "objectives/", 11) == 0 ? t->paths[k] : NULL;
      const git_oid *b = attr_blob(now, p, &id);
      const PackState *st = b ? attr_state(x, b, p) : NULL;
      if (st && (k == 0 || state_has_objective(st, t->id)))
        sn = st;
    }
    for (int j = 0; j < t->n; j++) {
      if (t->changes[j] < 0)
        continue;
      Change *ch = &x->cr->v[t->changes[j]];
      ch->ref_side = same_str(sn ? change_value(sn, ch) : NULL, ch->after);
    }
  }
  git_tree_free(now);
  git_commit_free(hc);
  git_object_free(head);
}

static void since_references(GitSince *gs, const Pack *pack, ChangeRecord *cr);

int git_since_attribute(GitSince *gs, const Pack *pack, ChangeRecord *cr)
{
  char hex[8];
  git_oid_tostr(hex, sizeof hex, &gs->ref_id);
  cr->git = true;
  cr->commit = arena_strdup(&cr->arena, hex);
  Attr x = {.gs = gs, .cr = cr, .pack = pack};
  map_init(&x.by_path);
  map_init(&x.states);
  arena_init(&x.arena);
  Map by_id;
  map_init(&by_id);
  x.t = xcalloc((size_t)(cr->n ? cr->n : 1), sizeof *x.t);
  for (int i = 0; i < cr->n; i++) {
    const Change *c = &cr->v[i];
    if ((!change_is_definition(c->field) && c->field != CF_OBJECTIVE) || c->field >= CF_REF_POLICY)
      continue;
    Tracked *t = map_get(&by_id, c->objective);
    if (!t) {
      t = &x.t[x.nt++];
      t->id = c->objective;
      const Objective *o = map_get(&pack->obj_by_id, c->objective);
      t->paths[0] = o ? o->file : NULL;
      t->paths[1] = map_get(&gs->ref_paths, c->objective);
      if (t->paths[0] && t->paths[1] && strcmp(t->paths[0], t->paths[1]) == 0)
        t->paths[1] = NULL;
      struct stat st;
      char *wt = t->paths[0] ? arena_printf(&x.arena, "%s/%s", pack->root, t->paths[0]) : NULL;
      t->linked = wt && lstat(wt, &st) == 0 && S_ISLNK(st.st_mode);
      t->changes = xmalloc((size_t)cr->n * sizeof *t->changes);
      map_put(&by_id, t->id, t);
      for (int k = 0; k < 2; k++)
        if (t->paths[k] && strncmp(t->paths[k], "objectives/", 11) == 0 && !map_get(&x.by_path, t->paths[k]))
          map_put(&x.by_path, t->paths[k], t);
    }
    t->changes[t->n++] = i;
    t->open++;
    x.open++;
  }
  int rc = 0;
  if (x.open > 0) {
    attr_seed_now(&x);
    rc = attr_walk(&x);
    if (rc == 0 && x.open > 0)
      attr_linked(&x);
    if (rc == 0 && x.open > 0)
      attr_ref_side(&x);
  }
  if (rc == 0)
    since_references(gs, pack, cr);
  for (int i = 0; i < x.nt; i++)
    free(x.t[i].changes);
  free(x.t);
  map_release(&by_id);
  map_release(&x.by_path);
  for (size_t i = 0; i < x.states.cap; i++)
    if (x.states.keys[i] && x.states.vals[i] != &x.now)
      state_release(x.states.vals[i]);
  map_release(&x.states);
  state_release(&x.now);
  arena_release(&x.arena);
  return rc;
}

//
// The history of what objectives rest on (SPEC section 17)
//

// One version of a definition: its fields as text, in the order of ref_fields.
typedef struct {
  const char *v[5];
} Def;

static const char *const ref_fields[3][5] = {
    [RK_POLICY] = {"heading", "text"},
    [RK_RISK] = {"title", "level", "score", "treatment", "status"},
    [RK_REQUIREMENT] = {"title", "source", "type"},
};
static const char *const ref_files[3] = {"policy.md", "risks.csv", "requirements.csv"};

typedef struct {
  git_repository *repo;
  char *prefix;
  const Pack *pack;      // this build's: its settings read each version
  RefHistory *h;
  Map want[3];           // id -> the earliest last review among the active objectives that reference it (Date, +1)
  int open;              // ids still without their change
  Date stop;             // the earliest of those reviews: older commits cannot matter
  Map versions;          // blob id (hex) -> Map* id -> Def* (one version of one file)
  Map pending[3];        // id -> Pending*: added by a newer commit, not yet met where it went away
  Map integ;             // integration_dates: when each commit off HEAD's line entered it
  Arena arena;           // versions and their definitions
} Hist;

// An id a commit added (it was not in the parent's file, or the file was not
// there): when an older commit removed it, the two definitions are compared,
// and a difference is a change made by the commit that added it back.
typedef struct {
  const Def *def;
  git_oid commit;
  Date date;             // entered_date of that commit
} Pending;

/* s with every run of white space (line ends, indentation, a paragraph break)
 * made one space, and none at either end: the words and marks as a reader
 * reads them, so that text wrapped anew is no change. */
static void squeeze_space(Buf *b, const char *s)
{
  bool space = false;
  for (; *s; s++) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
      space = true;
      continue;
    }
    if (space && b->len > 0 && b->s[b->len - 1] != ' ')
      buf_add(b, " ", 1);
    space = false;
    buf_add(b, s, 1);
  }
}

/* The text of a statement's section: its nodes up to the next heading of its
 * level or above, white space squeezed (squeeze_space). */
static const char *policy_text(Arena *a, const cmark_node *heading)
{
  Buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  int level = cmark_node_get_heading_level((cmark_node *)heading);
  for (cmark_node *n = cmark_node_next((cmark_node *)heading); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= level)
      break;
    char *s = cmark_render_commonmark(n, CMARK_OPT_DEFAULT, 0);
    if (b.len > 0)
      buf_add(&b, " ", 1);  // between blocks
    squeeze_space(&b, s);
    free(s);
  }
  const char *t = arena_strdup(a, b.s);
  buf_release(&b);
  return t;
}

/* A pack to read one file into: the settings of another (CSV dialect, vocabulary, risk
 * levels), with memory, findings and registers of its own. */
static void scratch_pack(Pack *p, const Pack *settings)
{
  *p = *settings;
  arena_init(&p->arena);
  arena_init(&p->scratch);
  memset(&p->diags, 0, sizeof p->diags);
  p->keep_text = false, p->ctx = NULL, p->inputs = NULL, p->n_inputs = p->cap_inputs = 0, p->ref_history = NULL;
  p->n_objectives = 0, p->objectives = NULL;
  p->risks = NULL, p->n_risks = 0, p->reqs = NULL, p->n_reqs = 0, p->policy = NULL, p->n_policy = 0, p->policy_doc = NULL;
  map_init(&p->risk_by_id);
  map_init(&p->req_by_id);
  map_init(&p->policy_by_id);
}

/* Free what scratch_pack() and the reading gave p. */
static void scratch_release(Pack *p)
{
  if (p->policy_doc)
    cmark_node_free(p->policy_doc);
  map_release(&p->risk_by_id);
  map_release(&p->req_by_id);
  map_release(&p->policy_by_id);
  diag_release(&p->diags);
  arena_release(&p->scratch);
  arena_release(&p->arena);
}

/* Read a blob as the file of kind k into p (findings kept in p, and dropped with it). */
static void scratch_read(Pack *p, RefKind k, git_blob *blob)
{
  size_t n;
  char *data = blob_copy(blob, &n);
  SrcFile f = {.path = ref_files[k]};
  if (!src_text(p, &f, data, n))
    return;
  if (k == RK_RISK)
    registers_read_risks(p, &f);
  else if (k == RK_REQUIREMENT)
    registers_read_reqs(p, &f);
  else
    policy_read(p, &f);
  free(f.data);
}

/* The definitions of kind k that p read, as Defs in defs (id -> Def*), in a. */
static void scratch_defs(Arena *a, const Pack *p, RefKind k, Map *defs)
{
  for (int i = 0; k == RK_RISK && i < p->n_risks; i++) {
    const Risk *r = &p->risks[i];
    Def *d = arena_alloc(a, sizeof *d);
    *d = (Def){{cp_or_empty(a, r->title), risk_level_name(r->level),
                r->has_score ? arena_printf(a, "%.10g", r->score) : "", treatment_name(r->treatment),
                r->open ? "open" : "closed"}};
    map_put(defs, arena_strdup(a, r->id), d);
  }
  for (int i = 0; k == RK_REQUIREMENT && i < p->n_reqs; i++) {
    const Requirement *r = &p->reqs[i];
    Def *d = arena_alloc(a, sizeof *d);
    *d = (Def){{cp_or_empty(a, r->title), cp_or_empty(a, r->source), cp_or_empty(a, r->type)}};
    map_put(defs, arena_strdup(a, r->id), d);
  }
  for (int i = 0; k == RK_POLICY && i < p->n_policy; i++) {
    const PolicyStatement *s = &p->policy[i];
    Def *d = arena_alloc(a, sizeof *d);
    *d = (Def){{cp_or_empty(a, s->title), policy_text(a, s->heading)}};
    map_put(defs, arena_strdup(a, s->id), d);
  }
}

/* The definitions of one version of one of the three files, read with this
 * pack's settings (CSV dialect, vocabulary, risk levels), findings dropped;
 * cached by blob id. */
static Map *hist_version(Hist *x, RefKind k, const git_oid *blob_id)
{
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, blob_id);
  Map *defs = map_get(&x->versions, hex);
  if (defs)
    return defs;
  defs = arena_alloc(&x->arena, sizeof *defs);
  map_init(defs);
  map_put(&x->versions, arena_strdup(&x->arena, hex), defs);
  git_blob *blob = NULL;
  if (git_blob_lookup(&blob, x->repo, blob_id) != 0)
    return defs;
  Pack p;
  scratch_pack(&p, x->pack);
  scratch_read(&p, k, blob);
  git_blob_free(blob);
  scratch_defs(&x->arena, &p, k, defs);
  scratch_release(&p);
  return defs;
}

/* The blob of one of the three files in the pack's folder of a tree, or false. */
static bool hist_blob(git_tree *pack_dir, RefKind k, git_oid *out)
{
  const git_tree_entry *e = pack_dir ? git_tree_entry_byname(pack_dir, ref_files[k]) : NULL;
  if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB)
    return false;
  *out = *git_tree_entry_id(e);
  return true;
}

/* Record that commit (id) changed id of kind k from a to b, unless a newer one
 * already did or the definitions are the same. */
static void hist_record(Hist *x, RefKind k, const char *id, const Def *a, const Def *b, const git_oid *commit,
                        Date date)
{
  RefHistory *h = x->h;
  RefDiff diffs[5];
  int nd = 0;
  for (int f = 0; f < 5 && ref_fields[k][f]; f++)
    if (strcmp(a->v[f], b->v[f]) != 0)
      diffs[nd++] = (RefDiff){ref_fields[k][f], a->v[f], b->v[f]};
  git_commit *c = NULL;
  if (!nd || git_commit_lookup(&c, x->repo, commit) != 0)
    return;
  RefChange *rc = arena_alloc(&h->arena, sizeof *rc);
  rc->kind = k;
  rc->id = arena_strdup(&h->arena, id);
  rc->diffs = arena_alloc(&h->arena, (size_t)nd * sizeof *rc->diffs);
  for (int f = 0; f < nd; f++) {
    bool text = strcmp(diffs[f].field, "text") == 0;
    rc->diffs[f] = (RefDiff){diffs[f].field, text ? NULL : arena_strdup(&h->arena, diffs[f].before),
                             text ? NULL : arena_strdup(&h->arena, diffs[f].after)};
  }
  rc->n_diffs = nd;
  char hex[8];
  git_oid_tostr(hex, sizeof hex, commit);
  git_oid_tostr(rc->oid, sizeof rc->oid, commit);
  const git_signature *s = git_commit_author(c);
  rc->commit = (ChangeCommit){arena_strdup(&h->arena, hex), utf8_clean(&h->arena, s && s->name ? s->name : ""),
                              date};
  git_commit_free(c);
  char key[160];
  snprintf(key, sizeof key, "%d\x1F%s", (int)k, id);
  map_put(&h->changes, arena_strdup(&h->arena, key), rc);
  x->open--;
}

/* A commit's changes to one file: each wanted id defined on both sides with
 * another definition gets this commit, unless a newer one already has it.  An
 * id only on this commit's side (added, or its file added) waits for the
 * older commit that removed it; an id only on the parent's side (removed, or
 * its file removed) is compared with the one a newer commit added back. */
static void hist_file(Hist *x, RefKind k, const git_commit *c, Date date, git_tree *now, git_tree *before)
{
  git_oid bn, bb;
  bool hn = hist_blob(now, k, &bn), hb = hist_blob(before, k, &bb);
  if ((!hn && !hb) || (hn && hb && git_oid_equal(&bn, &bb)))
    return;
  Map none;
  map_init(&none);
  Map *dn = hn ? hist_version(x, k, &bn) : &none, *db = hb ? hist_version(x, k, &bb) : &none;
  char key[160];
  for (size_t i = 0; i < x->want[k].cap; i++) {
    const char *id = x->want[k].keys[i];
    if (!id)
      continue;
    snprintf(key, sizeof key, "%d\x1F%s", (int)k, id);
    if (map_get(&x->h->changes, key))
      continue;
    const Def *a = map_get(db, id), *b = map_get(dn, id);
    Pending *p = map_get(&x->pending[k], id);
    if (a && b) {
      hist_record(x, k, id, a, b, git_commit_id(c), date);
    } else if (b && !p) {  // added here: the newest addition is the one that counts
      p = arena_alloc(&x->arena, sizeof *p);
      *p = (Pending){b, *git_commit_id(c), date};
      map_put(&x->pending[k], id, p);
    } else if (a && p && p->def) {  // removed here, added back by a newer commit
      hist_record(x, k, id, a, p->def, &p->commit, p->date);
      p->def = NULL;
    }
  }
  map_release(&none);
}

/* The date from which an objective's references count as changed: its last review, else its approval. */
static Date hist_reviewed(const Objective *o)
{
  return o->review.last.valid ? o->review.last.v : dv(o->approved_on);
}

/* The ids the active objectives reference, each with the earliest review that relies on it. */
static void hist_wanted(Hist *x)
{
  x->stop = DATE_NONE;
  for (int i = 0; i < x->pack->n_objectives; i++) {
    const Objective *o = x->pack->objectives[i];
    Date d = hist_reviewed(o);
    if (o->status.v != ST_ACTIVE || d == DATE_NONE)
      continue;
    const StrList *l[3] = {[RK_POLICY] = &o->policy, [RK_RISK] = &o->risks, [RK_REQUIREMENT] = &o->requirements};
    for (int k = 0; k < 3; k++)
      for (int j = 0; j < l[k]->n; j++) {
        const char *id = l[k]->v[j].s;
        if (!map_get(&x->want[k], id)) {
          map_put(&x->want[k], id, (void *)o);
          x->open++;
        }
        if (x->stop == DATE_NONE || d < x->stop)
          x->stop = d;
      }
  }
}

/* One walk of the history from HEAD, newest first; false when it ended on a
 * missing commit or at a shallow clone's boundary. */
static bool hist_walk(Hist *x)
{
  git_revwalk *walk = NULL;
  git_oid id;
  if (git_revwalk_new(&walk, x->repo) != 0 || git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
      git_revwalk_push_head(walk) != 0) {
    git_revwalk_free(walk);
    return false;
  }
  bool complete = true;
  int err = 0;
  while (x->open > 0 && (err = git_revwalk_next(&id, walk)) == 0) {
    git_commit *c = NULL, *parent = NULL;
    if (git_commit_lookup(&c, x->repo, &id) != 0) {
      complete = false;
      break;
    }
    // A commit dated before every review that relies on an id cannot matter;
    // the walk goes on past it, as a commit made on a clock that was behind
    // may come before (in the history) changes dated after a review.  A commit
    // is dated when it entered HEAD's line (entered_date).  A merge brings
    // changes its other commits made (walked themselves); a root commit
    // defines, it does not change.
    Date date = entered_date(&x->integ, c);
    if (date >= x->stop && git_commit_parentcount(c) == 1) {
      if (git_commit_parent(&parent, c, 0) != 0) {
        git_commit_free(c);
        complete = false;
        break;
      }
      git_tree *now = NULL, *before = NULL;
      pack_trees(x->repo, &x->prefix, c, parent, &now, &before);
      for (int k = 0; k < 3 && now && before; k++)
        hist_file(x, (RefKind)k, c, date, now, before);
      git_tree_free(now);
      git_tree_free(before);
    }
    git_commit_free(parent);
    git_commit_free(c);
  }
  if (err != 0 && err != GIT_ITEROVER)
    complete = false;
  // libgit2 1.7 and later walk a shallow clone to its boundary as if it were
  // the root (1.5 stops at the missing parent): the walk ran out, so the
  // history before the boundary is missing.
  if (err == GIT_ITEROVER && git_repository_is_shallow(x->repo))
    complete = false;
  git_revwalk_free(walk);
  return complete;
}

void git_ref_history(Pack *pack)
{
  char *prefix = NULL;
  git_repository *repo = git_open(pack->root, &prefix);
  if (!repo)
    return;
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") != 0) {
    git_repository_free(repo);
    free(prefix);
    return;  // no commit yet: no history
  }
  RefHistory *h = xcalloc(1, sizeof *h);
  arena_init(&h->arena);
  map_init(&h->changes);
  pack->ref_history = h;
  Hist x = {.repo = repo, .prefix = prefix, .pack = pack, .h = h};
  for (int k = 0; k < 3; k++) {
    map_init(&x.want[k]);
    map_init(&x.pending[k]);
  }
  map_init(&x.versions);
  map_init(&x.integ);
  arena_init(&x.arena);
  hist_wanted(&x);
  if (x.open > 0)
    integration_dates(repo, &x.integ, &x.arena, x.stop);
  if (x.open > 0 && !hist_walk(&x)) {
    h->incomplete = true;
    fprintf(stderr, "objreg: note: the Git history of the pack is incomplete%s; 6.2f-relevance looked only at the "
            "commits present\n", git_repository_is_shallow(repo) ? " (a shallow clone)" : "");
  }
  for (size_t i = 0; i < x.versions.cap; i++)
    if (x.versions.keys[i])
      map_release(x.versions.vals[i]);
  map_release(&x.versions);
  map_release(&x.integ);
  for (int k = 0; k < 3; k++) {
    map_release(&x.want[k]);
    map_release(&x.pending[k]);
  }
  arena_release(&x.arena);
  git_repository_free(repo);
  free(x.prefix);  // the folder the walk ended with (a moved pack's earlier one)
}

const RefChange *ref_change(const Pack *pack, RefKind k, const char *id)
{
  if (!pack->ref_history || !id)
    return NULL;
  char key[160];
  snprintf(key, sizeof key, "%d\x1F%s", (int)k, id);
  return map_get(&pack->ref_history->changes, key);
}

const char *ref_change_text(const RefChange *c, Buf *b)
{
  b->len = 0;
  buf_add(b, "", 0);
  for (int i = 0; i < c->n_diffs; i++) {
    const RefDiff *d = &c->diffs[i];
    if (i)
      buf_puts(b, ", ");
    if (!d->before)
      buf_printf(b, "%s reworded", d->field);
    else
      buf_printf(b, "%s %s \xE2\x86\x92 %s", d->field, *d->before ? d->before : "\xE2\x80\x94",
                 *d->after ? d->after : "\xE2\x80\x94");
  }
  return b->s;
}

void ref_history_free(RefHistory *h)
{
  if (!h)
    return;
  map_release(&h->changes);
  arena_release(&h->arena);
  free(h);
}

/* The commits between REF and HEAD (reachable from HEAD, not from REF), by full hex id, into set. */
static void since_commits(GitSince *gs, Map *set, Arena *a)
{
  git_revwalk *walk = NULL;
  git_oid id;
  char hex[GIT_OID_HEXSZ + 1];
  if (git_revwalk_new(&walk, gs->repo) == 0 && git_revwalk_push_head(walk) == 0 &&
      git_revwalk_hide(walk, &gs->ref_id) == 0)
    while (git_revwalk_next(&id, walk) == 0)
      map_put(set, arena_strdup(a, git_oid_tostr(hex, sizeof hex, &id)), (void *)1);
  git_revwalk_free(walk);
}

/* The changes of what each objective rests on, made after REF (6.2f-relevance's history),
 * into the record after the objective's own changes; objectives removed stay last. */
static void since_references(GitSince *gs, const Pack *pack, ChangeRecord *cr)
{
  if (!pack->ref_history || pack->ref_history->changes.len == 0)
    return;
  Map after;  // one walk of REF..HEAD, not one per change
  Arena a;
  map_init(&after);
  arena_init(&a);
  since_commits(gs, &after, &a);
  Change *v = NULL;
  int n = 0, cap = 0, k0 = 0;
  for (int i = 0; i <= pack->n_objectives; i++) {
    for (; k0 < cr->n && (i == pack->n_objectives ? true : cr->v[k0].obj == i); k0++) {  // its own, in order
      if (n == cap)
        v = xrealloc(v, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *v);
      v[n++] = cr->v[k0];
    }
    if (i == pack->n_objectives)
      break;
    const Objective *o = pack->objectives[i];
    const StrList *l[3] = {[RK_POLICY] = &o->policy, [RK_RISK] = &o->risks, [RK_REQUIREMENT] = &o->requirements};
    for (int k = 0; k < 3; k++)
      for (int j = 0; j < l[k]->n; j++) {
        const RefChange *c = ref_change(pack, (RefKind)k, l[k]->v[j].s);
        if (!c || !map_get(&after, c->oid))
          continue;
        for (int d = 0; d < c->n_diffs; d++) {
          if (n == cap)
            v = xrealloc(v, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *v);
          v[n++] = (Change){.field = (ChangeField)(CF_REF_POLICY + k), .objective = o->id.s, .item = c->id,
                            .before = c->diffs[d].before, .after = c->diffs[d].after, .obj = i, .measure = -1,
                            .commit = &c->commit, .sub = c->diffs[d].field};
          cr->n_defs++;
        }
      }
  }
  free(cr->v);
  cr->v = v;
  cr->n = n;
  map_release(&after);
  arena_release(&a);
}
