/* fuzz_importval.c - one text read as a register value by import_value.c.
 * Whatever it reads must be exact: the number's text is a plain decimal that
 * reads back as the value, and a date is a real date; a strict "<" or ">" is
 * never read.  The same text as a workbook's number cell's: a plain number. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 4096)
    return 0;
  char *s = xmalloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';
  ImportValue v;
  if (import_value_parse(s, &v)) {
    double back;
    if (!num_parse(v.text, false, &back) || back != v.v || strlen(v.text) >= sizeof v.text)
      abort();
    if (v.cmp < -1 || v.cmp > 1 || (v.kind == IV_YESNO && v.v != 0 && v.v != 1))
      abort();
    char d[11];
    Date again;
    if (v.has_due && (date_format(v.due, d), !date_parse(d, &again) || again != v.due))
      abort();
    if (v.has_date && (date_format(v.date, d), !date_parse(d, &again) || again != v.date))
      abort();
  }
  if (import_value_parse(s, &v) && ((v.cmp && (s[strspn(s, " \t")] == '<' || s[strspn(s, " \t")] == '>') &&
                                     s[strspn(s, " \t") + 1] != '=')))
    abort();  // a strict comparison is never read
  if (import_number_cell_parse(s, &v)) {  // a number cell: a plain number, exact, and an optional %
    double back;
    if (!num_parse(v.text, false, &back) || back != v.v || v.kind != IV_NUMBER || v.cmp || v.has_due || v.has_date ||
        (*v.unit && strcmp(v.unit, "%") != 0) || strchr(s, ','))
      abort();
  }
  Date d;
  import_date_parse(s, &d);
  free(s);
  return 0;
}
