/*
 * test_import.c - import_value.c: the written forms of SPEC section 14 are
 * read exactly, and everything that could mean two things is not read.
 */
#include "harness.h"
#include "objreg.h"

static Date d(const char *s)
{
  Date v = DATE_NONE;
  date_parse(s, &v);
  return v;
}

static void reads(const char *s, int kind, const char *text, const char *unit, int cmp, const char *due, const char *date)
{
  ImportValue v;
  bool ok = import_value_parse(s, &v);
  OK(ok, "'%s' is read", s);
  if (!ok)
    return;
  INT_EQ(v.kind, kind, s);
  STR_EQ(v.text, text, s);
  STR_EQ(v.unit, unit, s);
  INT_EQ(v.cmp, cmp, s);
  INT_EQ(v.has_due ? v.due : DATE_NONE, due ? d(due) : DATE_NONE, s);
  INT_EQ(v.has_date ? v.date : DATE_NONE, date ? d(date) : DATE_NONE, s);
}

static void refused(const char *s)
{
  ImportValue v;
  OK(!import_value_parse(s, &v), "'%s' is not read (got %s)", s, v.text);
}

void test_import(void)
{
  // The forms the specification names.
  reads("5.8% (2025-12)", IV_NUMBER, "5.8", "%", 0, NULL, "2025-12-31");
  reads("<=5% by 2026-12-31", IV_NUMBER, "5", "%", -1, "2026-12-31", NULL);
  reads("100% by 2026-06-30", IV_NUMBER, "100", "%", 0, "2026-06-30", NULL);
  reads(">= 95% by 2026-12-31", IV_NUMBER, "95", "%", 1, "2026-12-31", NULL);
  reads("2h 45min", IV_DURATION, "165", "", 0, NULL, NULL);
  reads("2h 45min (2025)", IV_DURATION, "165", "", 0, NULL, "2025-12-31");
  reads("yes", IV_YESNO, "1", "", 0, NULL, NULL);
  reads("Nein", IV_YESNO, "0", "", 0, NULL, NULL);
  // More of what registers hold.
  reads("4 h 10 min", IV_DURATION, "250", "", 0, NULL, NULL);
  reads("14 days", IV_DURATION, "20160", "", 0, NULL, NULL);
  reads("<=4h by 2026-12-31", IV_DURATION, "240", "", -1, "2026-12-31", NULL);
  reads("≤ 3 incidents bis 31.12.2026", IV_NUMBER, "3", "incidents", -1, "2026-12-31", NULL);
  reads("at least 90 percent by 2026-12", IV_NUMBER, "90", "%", 1, "2026-12-31", NULL);
  reads("12 accounts (as of 2026-01-15)", IV_NUMBER, "12", "accounts", 0, NULL, "2026-01-15");
  reads("5,8 %", IV_NUMBER, "5.8", "%", 0, NULL, NULL);
  reads("12 Prozent", IV_NUMBER, "12", "%", 0, NULL, NULL);
  reads("12,5 pourcentage", IV_NUMBER, "12.5", "%", 0, NULL, NULL);
  reads("12 pour cent", IV_NUMBER, "12", "%", 0, NULL, NULL);
  reads("-0", IV_NUMBER, "0", "", 0, NULL, NULL);
  reads("42", IV_NUMBER, "42", "", 0, NULL, NULL);
  refused("2024-02");         // a month is not a number
  // Never a guess.
  refused("1,420");           // thousands or decimal comma
  refused("1.420");           // thousands (de) or decimal point (en): the same doubt
  refused("höchstens 1.000 bis 31.12.2026");
  refused("1.500 h");         // 1500 hours or 1.5
  refused("-1.250");
  reads("0.500", IV_NUMBER, "0.500", "", 0, NULL, NULL);      // 0 cannot lead a thousands group
  reads("0.500", IV_NUMBER, "0.500", "", 0, NULL, NULL);
  reads("1234,500", IV_NUMBER, "1234.500", "", 0, NULL, NULL); // nor four digits
  reads("1.42", IV_NUMBER, "1.42", "", 0, NULL, NULL);
  reads("1.4200", IV_NUMBER, "1.4200", "", 0, NULL, NULL);
  refused("1.420.000");
  refused("1,420.5");
  refused("Pending audit");
  refused("5% by 2026-02-30"); // not a date
  refused("5% by 31/12/2026"); // day and month could be either
  refused("5% (Q4 2025)");
  refused("45min 2h");        // not largest first
  refused("2h 30");           // a number without its unit
  refused("no data");
  refused("1e5");
  refused("");
  refused("5 % by 2026-12-31 or later");
  refused("+10%");              // a change from the baseline, most likely
  refused("<=5% by 2026");      // a year: its start or its end?
  refused(">=95% bis 2027");
  // A strict comparison is no target: a target is met at its value, "<5" is not met by 5.
  refused("<5% by 2026-12-31");
  refused(">95% by 2026-12-31");
  refused("< 5");
  refused("> 95 percent");
  refused("< =5");
  refused("<4h");
  reads("≥ 95", IV_NUMBER, "95", "", 1, NULL, NULL);
  reads("max. 5", IV_NUMBER, "5", "", -1, NULL, NULL);
  reads("mindestens 90 Prozent", IV_NUMBER, "90", "%", 1, NULL, NULL);
  reads("höchstens 2 Vorfälle", IV_NUMBER, "2", "Vorfälle", -1, NULL, NULL);
  reads("-5 by 2026-06", IV_NUMBER, "-5", "", 0, "2026-06-30", NULL);

  // A workbook's number cell holds a number, its point a decimal point: 1.425 is exact.
  ImportValue n;
  OK(import_number_cell_parse("1.425", &n) && n.kind == IV_NUMBER && n.v == 1.425 && strcmp(n.text, "1.425") == 0 &&
     !*n.unit, "a number cell's 1.425 is 1.425");
  OK(import_number_cell_parse("142.5%", &n) && n.v == 142.5 && strcmp(n.unit, "%") == 0, "a percent cell's 142.5%%");
  OK(import_number_cell_parse("-0.12", &n) && n.v == -0.12, "a negative number cell");
  OK(import_number_cell_parse("1420", &n) && n.v == 1420, "a whole number cell");
  OK(!import_number_cell_parse("1E+20", &n) && !import_number_cell_parse("1.5%%", &n) && !import_number_cell_parse("5 %", &n) &&
     !import_number_cell_parse("", &n) && !import_number_cell_parse("1,425", &n) && !import_number_cell_parse("<=5", &n) &&
     !import_number_cell_parse("+5", &n) && !import_number_cell_parse("1.420.000", &n),
     "a number cell's text is a plain number and an optional %%, nothing else");

  Date v;
  OK(import_date_parse("2026-03-31", &v) && v == d("2026-03-31"), "an ISO date");
  OK(import_date_parse("31.03.2026", &v) && v == d("2026-03-31"), "a German date");
  OK(!import_date_parse("03/31/2026", &v), "a date with slashes is not read");
  OK(!import_date_parse("2026-03-31 12:30:00", &v), "a date with a time is not a date");
}

static size_t read_corpus(const char *name, char *buf, size_t size)
{
  char path[128];
  snprintf(path, sizeof path, "tests/fuzz/corpus/xlsx/%s", name);
  FILE *f = fopen(path, "rb");
  OK(f != NULL, "%s is there (run from the top of the tree)", path);
  if (!f)
    return 0;
  size_t n = fread(buf, 1, size, f);
  fclose(f);
  return n;
}

/* Cell row, col of s refused (XV_REFUSED), its reason holding what. */
static void refused_cell(const XlsxSheet *s, int row, int col, const char *what)
{
  char a1[16];
  xlsx_ref_format(row, col, a1);
  for (int i = 0; i < s->n_cells; i++) {
    if (s->cells[i].row == row && s->cells[i].col == col) {
      OK(s->cells[i].kind == XV_REFUSED && strstr(s->cells[i].text, what), "%s is refused (%s): %s", a1, what,
         s->cells[i].text);
      return;
    }
  }
  OK(false, "%s is refused (%s): no cell", a1, what);
}

/* What a cell shows, or it is refused (tests/unit/mkformats.py wrote the workbooks). */
static void test_xlsx_shown(void)
{
  static char buf[1 << 16];
  size_t n = read_corpus("formats.xlsx", buf, sizeof buf);
  XlsxSheet s;
  OK(xlsx_read(buf, n, NULL, NULL, &s) == 0, "formats.xlsx is read: %s", s.err);
  refused_cell(&s, 1, 1, "shows it divided by 1000 (1900;");
  refused_cell(&s, 1, 2, "';;;' hides it");
  STR_EQ(xlsx_cell(&s, 1, 3), "-5%", "a negative number in the percent section of '0.00;-0.00%'");
  STR_EQ(xlsx_cell(&s, 1, 4), "0.05", "a positive one in its number section");
  refused_cell(&s, 1, 5, "has a condition");
  refused_cell(&s, 1, 6, "shows text in its place");
  STR_EQ(xlsx_cell(&s, 1, 7), "5", "a positive number in '0;0;\"n/a\"'");
  refused_cell(&s, 1, 8, "shows no digit in its place");
  STR_EQ(xlsx_cell(&s, 1, 9), "7", "7 in '#,###'");
  refused_cell(&s, 1, 10, "divided by 1000000 (2.5;");
  STR_EQ(xlsx_cell(&s, 1, 11), "1234.5", "'#,##0.00' is no scaling");
  refused_cell(&s, 1, 12, "shows other text in its place");
  STR_EQ(xlsx_cell(&s, 1, 13), "-2", "a negative number in red keeps its sign");
  STR_EQ(xlsx_cell(&s, 1, 14), "0", "0 shown as a dash by built-in format 41");
  STR_EQ(xlsx_cell(&s, 1, 15), "0", "0 shown as a dash by '0%;-0%;\"-\"'");
  STR_EQ(xlsx_cell(&s, 1, 16), "50%", "0.5 in its percent section");
  STR_EQ(xlsx_cell(&s, 2, 1), "top", "the first cell of a merged range");
  refused_cell(&s, 2, 2, "holds 'hidden', hidden under the merged range A2:B3");
  refused_cell(&s, 3, 2, "holds '5', hidden under the merged range A2:B3");
  STR_EQ(xlsx_cell(&s, 2, 3), "top", "a merged range with its first cell alone");
  refused_cell(&s, 4, 1, "hides it (the cell shows nothing)");
  INT_EQ(s.hidden_col, 89, "the 70th hidden column is hidden too");
  refused_cell(&s, 6, 1, "shows it without a minus sign, parentheses or a colour, as 5");
  STR_EQ(xlsx_cell(&s, 6, 2), "-5", "a negative section in red: -5");
  STR_EQ(xlsx_cell(&s, 6, 3), "-5", "a negative section in parentheses: -5");
  STR_EQ(xlsx_cell(&s, 6, 4), "-5", "a negative section with an escaped minus: -5");
  STR_EQ(xlsx_cell(&s, 6, 5), "5", "a positive number in '0;0'");
  STR_EQ(xlsx_cell(&s, 7, 1), "0", "0 in German accounting (a dash beside the euro sign)");
  STR_EQ(xlsx_cell(&s, 7, 2), "0", "0 in German accounting without the symbol (its width, '_\u20ac')");
  STR_EQ(xlsx_cell(&s, 7, 3), "0", "0 in built-in 42 (accounting with a currency)");
  STR_EQ(xlsx_cell(&s, 7, 4), "-1234.5", "a negative number in German accounting");
  xlsx_free(&s);
  n = read_corpus("attrs.xlsx", buf, sizeof buf);
  OK(xlsx_read(buf, n, NULL, NULL, &s) != 0 && s.err_limit && strstr(s.err, "more than 64 attributes (line 1)"),
     "an element with 100 attributes: %s", s.err);
  xlsx_free(&s);
}

/* xlsx_read.c over a workbook openpyxl wrote (tests/fuzz/corpus/xlsx/openpyxl.xlsx). */
void test_xlsx(void)
{
  FILE *f = fopen("tests/fuzz/corpus/xlsx/openpyxl.xlsx", "rb");
  OK(f != NULL, "the test workbook is there (run from the top of the tree)");
  if (!f)
    return;
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  XlsxSheet s;
  OK(xlsx_read(buf, n, NULL, NULL, &s) == 0, "the first sheet is read: %s", s.err);
  STR_EQ(s.sheet, "Register", "the first sheet's name");
  STR_EQ(xlsx_cell(&s, 2, 6), "<5% by 2026-12-31", "an inline string");
  STR_EQ(xlsx_cell(&s, 3, 4), "5.8%", "a number with a percent format");
  STR_EQ(xlsx_cell(&s, 3, 5), "42", "a whole number");
  STR_EQ(xlsx_cell(&s, 2, 10), "2026-03-31", "a date");
  STR_EQ(xlsx_cell(&s, 3, 10), "2026-03-31 12:30:00", "a date with a time of day");
  STR_EQ(xlsx_cell(&s, 3, 7), "TRUE", "a boolean");
  STR_EQ(xlsx_cell(&s, 3, 9), "x\ny", "a text of two lines");
  STR_EQ(xlsx_cell(&s, 5, 1), "=1+1", "a formula without a value, as text");
  STR_EQ(xlsx_cell(&s, 5, 4), "A literal", "Excel's _x0041_ escape");
  OK(xlsx_cell(&s, 3, 8) == NULL, "an empty cell is no cell");
  INT_EQ(s.n_merges, 1, "one merged range");
  xlsx_free(&s);
  OK(xlsx_read(buf, n, "Second", NULL, &s) == 0 && s.n_cells == 1, "a sheet by name");
  xlsx_free(&s);
  XlsxLimits lim = xlsx_default_limits;
  lim.cells = 5;
  OK(xlsx_read(buf, n, NULL, &lim, &s) != 0 && s.err_limit && strstr(s.err, "more than 5 cells"), "the cell limit: %s", s.err);
  xlsx_free(&s);
  lim = xlsx_default_limits;
  lim.text_chars = 5;
  OK(xlsx_read(buf, n, NULL, &lim, &s) != 0 && s.err_limit && strstr(s.err, "longer than 5"), "the text limit: %s", s.err);
  xlsx_free(&s);
  lim = xlsx_default_limits;
  lim.part_bytes = 1000;
  OK(xlsx_read(buf, n, NULL, &lim, &s) != 0 && s.err_limit, "the part size limit: %s", s.err);
  xlsx_free(&s);
  OK(xlsx_read(buf, 100, NULL, NULL, &s) != 0 && !s.err_limit, "a cut archive: %s", s.err);
  xlsx_free(&s);
  test_xlsx_shown();
  int row, col;
  char a1[16];
  OK(xlsx_ref_parse("XFD1048576", &row, &col) && row == 1048576 && col == 16384, "the last cell");
  OK(!xlsx_ref_parse("XFE1", &row, &col) && !xlsx_ref_parse("A1048577", &row, &col) && !xlsx_ref_parse("A0", &row, &col),
     "references outside the grid");
  xlsx_ref_format(12, 28, a1);
  STR_EQ(a1, "AB12", "a reference");
}
