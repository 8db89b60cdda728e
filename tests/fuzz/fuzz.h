/*
 * fuzz.h - what the fuzz targets share: a pack holding one input file, taken
 * through the same text check as a file read from disk, then the whole
 * pipeline after the reader under test (evaluation, rules, the findings
 * printed as text, JSON and SARIF).  Each target defines
 * LLVMFuzzerTestOneInput; built with libFuzzer (make fuzz) or with
 * tests/fuzz/replay.c, which replays files (make test).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include "objreg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a pack file: false when it is not valid text. */
static inline bool fuzz_file(Pack *pack, const char *path, const uint8_t *data, size_t size, SrcFile *f)
{
  char *copy = xmalloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = '\0';
  memset(f, 0, sizeof *f);
  f->path = path;
  return src_text(pack, f, copy, size);
}

/* An objective every CSV row can refer to. */
static inline void fuzz_objective(Pack *pack)
{
  static const char text[] =
    "---\nid: OBJ-1\ntitle: Backups restore within four hours\nstatus: active\nowner: IT\n"
    "measures:\n  - {id: M1, direction: increase, baseline: 0, baseline_date: 2026-01-01, target: 100,"
    " frequency: monthly}\nplan:\n  - {id: A1, action: Test restores, due: 2026-06-30}\ndue: 2026-12-31\n---\nBody\n";
  SrcFile f;
  if (fuzz_file(pack, "objectives/obj-1.md", (const uint8_t *)text, sizeof text - 1, &f)) {
    Objective *o = objective_read(pack, &f);
    if (o)
      pack_add_objective(pack, o);
    free(f.data);
  }
}

/* Evaluate, check and print, then free everything. */
static inline void fuzz_finish(Pack *pack)
{
  Date as_of;
  date_parse("2026-11-27", &as_of);
  pack->as_of = as_of;
  Eval ev;
  eval_pack(pack, as_of, &ev);
  rules_run(pack, &ev);
  diag_sort(&pack->diags);
  Buf b;
  buf_init(&b);
  diag_text(&b, pack, false, NULL);
  diag_json(&b, pack, "2026-11-27", NULL);
  diag_sarif(&b, pack, NULL);
  buf_release(&b);
  eval_release(&ev);
  pack_free(pack);
}

#endif
