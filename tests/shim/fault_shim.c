/*
 * tests/shim/fault_shim.c - faults for tests/races.sh, through LD_PRELOAD:
 *
 *   OBJREG_FAULT_RENAMEAT2=EINVAL|ENOSYS|EXDEV  renameat2 with any flag fails so,
 *       as on NFS, SMB, vfat, FUSE or overlayfs (no RENAME_EXCHANGE)
 *   OBJREG_FAULT_KILL_AT_RENAME=N  the process kills itself (SIGKILL) just before
 *       its N-th rename or renameat: a build killed inside the swap
 *   OBJREG_FAULT_MKDTEMP_MS=N  mkdtemp sleeps N ms after making the folder: a
 *       slow moment between a temporary folder's creation and its lock
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
