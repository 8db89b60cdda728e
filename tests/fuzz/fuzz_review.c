/* fuzz_review.c - a management review meeting file under reviews/: front
 * matter (libyaml, then meeting.c's reading of it) and minutes (cmark); then a
 * decision-updates CSV that names its decisions, through the whole pipeline. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char updates[] = "review,decision,date,status,note\n2026-06-12,D1,2026-07-01,done,x\n"
                                "2026-06-12,D2,2026-12-01,cancelled,\n2026-06-12,D1,2026-07-01,open,\n";
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  fuzz_objective(&pack);
  if (fuzz_file(&pack, "reviews/x.md", data, size, &f)) {
    meeting_read(&pack, &f);
    free(f.data);
  }
  meetings_settle(&pack);
  if (fuzz_file(&pack, "progress/decisions.csv", (const uint8_t *)updates, sizeof updates - 1, &f)) {
    progress_read(&pack, &f);
    free(f.data);
  }
  fuzz_finish(&pack);
  return 0;
}
