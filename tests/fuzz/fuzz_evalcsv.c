/*
 * fuzz_evalcsv.c - one evaluation.csv read back as --since reads an earlier
 * evidence pack (previous_read: SHA256SUMS checked, then the CSV), and the
 * change record computed against a pack of one objective, every change put
 * into words.  The input is written into a folder of this process with a
 * manifest.json objreg would write and a SHA256SUMS that matches; a refused
 * file is one line on stderr.
 */
#include "fuzz.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];  // this process's folder, removed at exit

static void cleanup(void)
{
  static const char *const names[] = {"evaluation.csv", "manifest.json", "SHA256SUMS"};
  char path[96];
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
}

/* dir/name := data (n bytes); its SHA-256 line appended to sums. */
static void put(const char *dir, const char *name, const void *data, size_t n, Buf *sums)
{
  Buf path;
  buf_init(&path);
  buf_printf(&path, "%s/%s", dir, name);
  FILE *f = fopen(path.s, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
    die("fuzz_evalcsv: cannot write '%s'", path.s);
  buf_release(&path);
  unsigned char md[32];
  SHA256(data, n, md);
  for (int i = 0; i < 32; i++)
    buf_printf(sums, "%02x", md[i]);
  buf_printf(sums, "  %s\n", name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/objreg-fuzz-evalcsv-%ld", (long)getpid());
    mkdir(dir, 0700);
    atexit(cleanup);
  }
  static const char manifest[] = "{\n  \"tool\": \"objreg\",\n  \"as_of\": \"2026-10-31\"\n}\n";
  Buf sums;
  buf_init(&sums);
  put(dir, "evaluation.csv", data, size, &sums);
  put(dir, "manifest.json", manifest, sizeof manifest - 1, &sums);
  Buf unused;
  buf_init(&unused);
  put(dir, "SHA256SUMS", sums.s, sums.len, &unused);
  buf_release(&unused);
  buf_release(&sums);
  PackState before;
  if (previous_read(dir, &before) == 0) {
    Pack pack;
    pack_init(&pack);
    fuzz_objective(&pack);
    Date as_of;
    date_parse("2026-11-27", &as_of);
    Eval ev;
    eval_pack(&pack, as_of, &ev);
    ChangeRecord cr;
    change_compute(&pack, &ev, &before, &cr);
    Buf t;
    buf_init(&t);
    for (int i = 0; i < cr.n; i++)
      change_text(LANG_EN, &cr.v[i], &t);
    buf_release(&t);
    change_release(&cr);
    eval_release(&ev);
    pack_free(&pack);
    state_release(&before);
  }
  return 0;
}
