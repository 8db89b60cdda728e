/* fuzz_template.c - a template: placeholders checked, then expanded. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  fuzz_objective(&pack);
  if (fuzz_file(&pack, "templates/register.md", data, size, &f)) {
    tpl_check(&pack, f.path, f.data);
    Date as_of;
    date_parse("2026-11-27", &as_of);
    Eval ev;
    eval_pack(&pack, as_of, &ev);
    free(tpl_expand(f.data, tpl_values(&pack.arena, &pack, &ev, "abc123", "OBJ-9"), 1u << 16));
    eval_release(&ev);
    free(f.data);
  }
  fuzz_finish(&pack);
  return 0;
}
