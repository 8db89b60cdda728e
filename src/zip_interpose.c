/*
 * zip_interpose.c - the workbook's parts deflated at zlib's fastest level.
 *
 * libxlsxwriter zips every part of the workbook through minizip at zlib's
 * default level, 6, and has no setting for it.  At 1,000 objectives that
 * deflate of 70 MB of XML was the largest single cost of `objreg build` and
 * the last job to end; at level 1 it takes about a third of the time and the
 * workbook is about a sixth larger (7.4 MB to 8.7 MB).  A workbook is written
 * once per build and read a few times, so the time wins (docs/performance.md
 * has the measurement).
 *
 * libxlsxwriter calls minizip's zipOpenNewFileInZip4_64 through the PLT, so
 * this definition in the executable takes its place (ELF symbol
 * interposition, as hpdf_interpose.c does for libharu).  It asks for level 1
 * where the default is asked and calls minizip's own function, found with
 * dlsym(RTLD_NEXT), with every other argument as given; if that cannot be
 * found, the workbook is not written (an error, never a silent default).
 * objreg links its libraries dynamically; a static link with a minizip
 * inside would meet this definition twice and not link.  The bytes depend
 * on nothing but the input: zlib's output at a level is deterministic.
 */
#define _GNU_SOURCE  // RTLD_NEXT
#include <dlfcn.h>
#include <pthread.h>
#include <minizip/zip.h>

#define WORKBOOK_LEVEL 1

typedef int (*OpenFn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt, const void *, uInt,
                      const char *, int, int, int, int, int, int, const char *, uLong, uLong, uLong, int);

static OpenFn real_open;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
  real_open = (OpenFn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local, const void *extrafield_global,
                            uInt size_extrafield_global, const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
  pthread_once(&once, find_real);
  if (!real_open)
    return ZIP_INTERNALERROR;
  if (level == Z_DEFAULT_COMPRESSION)
    level = WORKBOOK_LEVEL;
  return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                   size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy, password,
                   crcForCrypting, versionMadeBy, flagBase, zip64);
}
