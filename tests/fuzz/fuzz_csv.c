/* fuzz_csv.c - one CSV text read as a progress file and as both registers. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  fuzz_objective(&pack);
  if (fuzz_file(&pack, "progress/p.csv", data, size, &f)) {
    progress_read(&pack, &f);
    registers_read_risks(&pack, &f);
    registers_read_reqs(&pack, &f);
    free(f.data);
  }
  fuzz_finish(&pack);
  return 0;
}
