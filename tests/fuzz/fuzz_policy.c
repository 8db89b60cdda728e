/* fuzz_policy.c - policy.md: front matter and statements from headings. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  if (fuzz_file(&pack, "policy.md", data, size, &f)) {
    policy_read(&pack, &f);
    free(f.data);
  }
  fuzz_objective(&pack);
  fuzz_finish(&pack);
  return 0;
}
