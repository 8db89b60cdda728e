/*
 * tests/shim/fault_shim.c - faults for tests/races.sh, through LD_PRELOAD:
 *
 *   OBJREG_FAULT_RENAMEAT2=EINVAL|ENOSYS|EXDEV  renameat2 with any flag fails so,
 *       as on NFS, SMB, vfat, FUSE or overlayfs (no RENAME_EXCHANGE)
 *   OBJREG_FAULT_KILL_AT_RENAME=N  the process kills itself (SIGKILL) just before
 *       its N-th rename or renameat: a build killed inside the swap
 *   OBJREG_FAULT_MKDTEMP_MS=N  mkdtemp sleeps N ms after making the folder: a
 *       slow moment between a temporary folder's creation and its lock
 *   OBJREG_FAULT_SWAP_AT=SUFFIX OBJREG_FAULT_SWAP_FROM=PATH  once lstat has
 *       looked at a path ending in SUFFIX, PATH is renamed over it: a pack file
 *       swapped (for a link out of the pack, a FIFO) between discovery and open
 *   OBJREG_FAULT_NO_OPENAT2=1  syscall(SYS_openat2, ...) fails with ENOSYS, as
 *       on a kernel before 5.6
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int renames;

static void maybe_die(void)
{
  const char *e = getenv("OBJREG_FAULT_KILL_AT_RENAME");
  if (e && atoi(e) == atomic_fetch_add(&renames, 1) + 1)
    kill(getpid(), SIGKILL);
}

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
  const char *e = getenv("OBJREG_FAULT_RENAMEAT2");
  if (e && flags) {
    errno = strcmp(e, "ENOSYS") == 0 ? ENOSYS : strcmp(e, "EXDEV") == 0 ? EXDEV : EINVAL;
    return -1;
  }
  int (*real)(int, const char *, int, const char *, unsigned int) =
    (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT, "renameat2");
  return real(olddirfd, oldpath, newdirfd, newpath, flags);
}

int rename(const char *oldpath, const char *newpath)
{
  maybe_die();
  int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  return real(oldpath, newpath);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
  maybe_die();
  int (*real)(int, const char *, int, const char *) =
    (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
  return real(olddirfd, oldpath, newdirfd, newpath);
}

char *mkdtemp(char *tmpl)
{
  char *(*real)(char *) = (char *(*)(char *))dlsym(RTLD_NEXT, "mkdtemp");
  char *r = real(tmpl);
  const char *e = getenv("OBJREG_FAULT_MKDTEMP_MS");
  if (r && e) {
    long ms = atol(e);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
  }
  return r;
}

static atomic_int swapped;

static void maybe_swap(const char *path)
{
  const char *at = getenv("OBJREG_FAULT_SWAP_AT"), *from = getenv("OBJREG_FAULT_SWAP_FROM");
  size_t n = strlen(path), k = at ? strlen(at) : 0;
  if (at && from && n >= k && strcmp(path + n - k, at) == 0 && atomic_fetch_add(&swapped, 1) == 0) {
    int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    real(from, path);
  }
}

int lstat(const char *path, struct stat *st)
{
  int (*real)(const char *, struct stat *) = (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "lstat");
  int r = real(path, st);
  maybe_swap(path);
  return r;
}

int lstat64(const char *path, struct stat64 *st)
{
  int (*real)(const char *, struct stat64 *) = (int (*)(const char *, struct stat64 *))dlsym(RTLD_NEXT, "lstat64");
  int r = real(path, st);
  maybe_swap(path);
  return r;
}

long syscall(long number, ...)
{
  va_list ap;
  va_start(ap, number);
  long a[6];
  for (int i = 0; i < 6; i++)
    a[i] = va_arg(ap, long);
  va_end(ap);
#ifdef SYS_openat2
  if (number == SYS_openat2 && getenv("OBJREG_FAULT_NO_OPENAT2")) {
    errno = ENOSYS;
    return -1;
  }
#endif
  long (*real)(long, ...) = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
  return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
