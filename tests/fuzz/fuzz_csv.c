/* fuzz_csv.c - one CSV text read as a progress file and as both registers.
 *
 * The first byte picks the pack's CSV dialect (SPEC section 11): encoding
 * (bits 0-1), decimal mark (bits 2-3), thousands separator (bits 4-6) and
 * date format (bit 7 with bits 0-1); the rest is the file, so the decoders
 * (UTF-16, iconv), `sep=`, and the number and date readers all get fuzzed. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Pack pack;
  SrcFile f;
  pack_init(&pack);
  if (size > 0) {
    static const char decimals[] = {0, '.', ',', 0};
    static const char thousands[] = {0, '.', ',', ' ', '\'', 0, 0, 0};
    uint8_t d = data[0];
    pack.csv.encoding = (CsvEncoding)(d & 3);
    pack.csv.decimal = decimals[d >> 2 & 3];
    pack.csv.thousands = thousands[d >> 4 & 7];
    if (pack.csv.thousands == pack.csv.decimal)
      pack.csv.thousands = 0;
    pack.csv.date = d & 0x80 ? (DateFormat)(1 + (d & 1) + (d >> 1 & 1)) : DF_ISO;
    pack.language = (Language)((d >> 2) % 3);
    data++, size--;
  }
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
