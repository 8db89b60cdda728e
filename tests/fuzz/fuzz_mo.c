/* fuzz_mo.c - the .mo reader of i18n.c (mo_find) over any bytes: a lookup of
 * a few keys, the header's, a plural's and a context's among them. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const keys[] = {"", "None.", "Page %d of %d", "The pack has %d error",
                                     ("objective status\x04" "draft"), "zzz"};
  uint8_t *copy = xmalloc(size ? size : 1);  // exactly size bytes: ASan sees a read past them
  memcpy(copy, data, size);
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    size_t len = 0;
    const char *t = mo_find(copy, size, keys[i], &len);
    if (t && (t < (const char *)copy || t + len >= (const char *)copy + size || t[len] != '\0'))
      abort();
  }
  free(copy);
  return 0;
}
