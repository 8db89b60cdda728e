/* fuzz_objective.c - an objective file: front matter (libyaml) and body (cmark). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  if (fuzz_file(&pack, "objectives/x.md", data, size, &f)) {
    Objective *o = objective_read(&pack, &f);
    if (o)
      pack_add_objective(&pack, o);
    free(f.data);
  }
  fuzz_finish(&pack);
  return 0;
}
