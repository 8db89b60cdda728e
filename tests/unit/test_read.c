/*
 * test_read.c - the readers' building blocks: YAML trees with positions,
 * front matter, and CSV rows with their lines (yaml.c, csvtab.c).
 */
#include "harness.h"
#include "objreg.h"

#include <stdlib.h>

static const YNode *map_val(const YNode *m, const char *key)
{
  for (int i = 0; i + 1 < m->n; i += 2)
    if (strcmp(m->kids[i]->str, key) == 0)
      return m->kids[i + 1];
  return NULL;
}

static const char *first_rule(const Pack *p)
{
  return p->diags.len ? rules[p->diags.v[0].rule].id : "none";
}

void test_yaml(void)
{
  Pack p;
  pack_init(&p);
  const char *src = "id: OBJ-1\ntitle: 'Quoted'\npolicy: [POL-1, POL-22]\nplan:\n  - {id: A1}\n  - id: A2\n";
  const YNode *root = yaml_load(&p, "f.md", src, strlen(src), 2);
  OK(root && root->kind == YN_MAP && root->n == 8, "a mapping of 4 keys");
  const YNode *pol = map_val(root, "policy");
  INT_EQ(pol->kids[1]->pos.line, 4, "flow item line (front matter starts on line 2)");
  INT_EQ(pol->kids[1]->pos.col, 17, "flow item column");
  OK(!map_val(root, "title")->plain && map_val(root, "id")->plain, "quoted and plain scalars");
  const YNode *plan = map_val(root, "plan");
  INT_EQ(plan->kids[0]->pos.col, 5, "flow mapping item at its brace");
  INT_EQ(plan->kids[1]->pos.line, 7, "block mapping item line");
  INT_EQ(plan->kids[1]->pos.col, 5, "block mapping item at its first key");
  INT_EQ(p.diags.len, 0, "no findings");

  const char *bomb = "a: &a [x, x]\nb: [*a, *a]\n";
  OK(!yaml_load(&p, "f.md", bomb, strlen(bomb), 1), "anchors refused");
  STR_EQ(first_rule(&p), "E-YAML", "anchor rule");
  INT_EQ(p.diags.v[0].pos.line, 1, "anchor line");
  INT_EQ(p.diags.v[0].pos.col, 4, "anchor column");

  p.diags.len = 0;
  char deep[20010];
  memcpy(deep, "t: ", 3);
  memset(deep + 3, '[', 10000);
  deep[10003] = '\0';
  OK(!yaml_load(&p, "f.md", deep, strlen(deep), 1), "10,000-deep nesting refused");
  STR_EQ(first_rule(&p), "E-LIMIT", "depth rule");
  INT_EQ(p.diags.v[0].pos.col, 4 + 31, "the node that is one level too deep");

  p.diags.len = 0;
  const char *dup = "id: A\nid: B\n";
  OK(!yaml_load(&p, "f.md", dup, strlen(dup), 1), "duplicate key refused");
  INT_EQ(p.diags.v[0].pos.line, 2, "duplicate key line");

  p.diags.len = 0;
  const char *bad = "title: [unclosed\nid: x\n";
  OK(!yaml_load(&p, "f.md", bad, strlen(bad), 1), "syntax error");
  STR_EQ(first_rule(&p), "E-YAML", "syntax rule");

  size_t off, len, body;
  int body_line;
  bool unterminated;
  const char *md = "---\r\nid: x\r\n---\r\nBody\n";
  OK(fm_split(md, strlen(md), &off, &len, &body, &body_line, &unterminated), "CRLF front matter");
  INT_EQ(off, 5, "front matter offset");
  INT_EQ(len, 7, "front matter length");
  INT_EQ(body_line, 4, "body line");
  STR_EQ(md + body, "Body\n", "body");
  OK(!fm_split("---\nid: x\n", 10, &off, &len, &body, &body_line, &unterminated) && unterminated, "unterminated");
  OK(!fm_split("# Title\n", 8, &off, &len, &body, &body_line, &unterminated) && !unterminated, "no front matter");

  // Tags: the core ones name what a node is and change nothing; others are refused.
  p.diags.len = 0;
  const char *tags = "a: !!str ~\nb: !!int \"90\"\nc: !!seq [x]\nd: ! y\n";
  root = yaml_load(&p, "f.md", tags, strlen(tags), 1);
  OK(root && p.diags.len == 0, "core tags accepted");
  Str st;
  OK(root && yscalar_str(&p, map_val(root, "a"), "a", NULL, &st) && st.s && strcmp(st.s, "~") == 0,
     "!!str ~ is the text ~");
  Num num;
  OK(root && ynum(&p, map_val(root, "b"), "b", &num) && num.valid && num.v == 90, "!!int \"90\" is 90");
  const char *custom = "owner: !include owners.yml\n";
  OK(!yaml_load(&p, "f.md", custom, strlen(custom), 1), "a local tag refused");
  STR_EQ(first_rule(&p), "E-YAML", "tag rule");
  INT_EQ(p.diags.v[0].pos.col, 8, "at the tag");
  p.diags.len = 0;
  const char *binary = "title: !!binary aGk=\n";
  OK(!yaml_load(&p, "f.md", binary, strlen(binary), 1), "!!binary refused");

  // Numbers written otherwise: the message says how to write them.
  const char *nums = "a: 90,5\nb: 1,500\nc: 90 %\n";
  p.diags.len = 0;
  root = yaml_load(&p, "f.md", nums, strlen(nums), 1);
  OK(root && !ynum(&p, map_val(root, "a"), "a", &num), "90,5 refused");
  OK(p.diags.len == 1 && strstr(p.diags.v[0].msg, "decimal mark as '.', 90.5"), "90,5: write 90.5");
  OK(root && !ynum(&p, map_val(root, "b"), "b", &num), "1,500 refused");
  OK(p.diags.len == 2 && strstr(p.diags.v[1].msg, "1500 for the whole number, 1.5 for the decimal"), "1,500: 1500 or 1.5");
  OK(root && !ynum(&p, map_val(root, "c"), "c", &num), "90 percent refused");
  OK(p.diags.len == 3 && strstr(p.diags.v[2].msg, "write the number alone, 90,"), "90 percent: 90 and the unit");
  const char *grouped = "a: 12\xE2\x80\xAF" "500\n";  // a narrow no-break space, as French writes it
  root = yaml_load(&p, "f.md", grouped, strlen(grouped), 1);
  OK(root && !ynum(&p, map_val(root, "a"), "a", &num), "12 500 refused");
  OK(p.diags.len == 4 && strstr(p.diags.v[3].msg, "no thousands separator, write 12500"), "12 500: write 12500");

  // Dates written otherwise: the message gives the date when it is certain.
  const char *dates = "a: 2026-1-5\nb: 2026-01-05T10:00:00+14:00\nc: 05.01.2026\nd: 01/05/2026\n";
  p.diags.len = 0;
  root = yaml_load(&p, "f.md", dates, strlen(dates), 1);
  DateVal dv;
  OK(root && !ydate(&p, map_val(root, "a"), "a", &dv) && !ydate(&p, map_val(root, "b"), "b", &dv) &&
     !ydate(&p, map_val(root, "c"), "c", &dv) && !ydate(&p, map_val(root, "d"), "d", &dv), "four dates refused");
  OK(p.diags.len == 4 && strstr(p.diags.v[0].msg, ": write 2026-01-05"), "2026-1-5: write 2026-01-05");
  OK(p.diags.len == 4 && strstr(p.diags.v[1].msg, ": write 2026-01-05"), "a time zone: the date as written");
  OK(p.diags.len == 4 && strstr(p.diags.v[2].msg, ": write 2026-01-05"), "05.01.2026: day first");
  OK(p.diags.len == 4 && !strstr(p.diags.v[3].msg, ": write"), "01/05/2026: no guess");
  pack_free(&p);
}

typedef struct {
  int lines[16];
  char first[16][64];
  int nf[16];
  Pos col1[16];  // where the second field (else the first) starts
  int n;
} Rows;

static void on_row(void *ctx, const CsvRow *row)
{
  Rows *r = ctx;
  if (r->n < 16) {
    r->lines[r->n] = row->line;
    r->nf[r->n] = row->nf;
    r->col1[r->n] = row->nf > 1 ? row->pos[1] : row->pos[0];
    snprintf(r->first[r->n], sizeof r->first[r->n], "%s", row->nf > 1 ? row->f[1] : row->f[0]);
    r->n++;
  }
}

static bool read_csv(Pack *p, const char *text, Rows *r, char *delim)
{
  SrcFile f = {"p.csv", (char *)text, strlen(text), strlen(text), {0}};
  memset(r, 0, sizeof *r);
  return csv_read(p, &f, on_row, r, delim);
}

/* A record counter that asks csv_scan to stop after two records. */
static bool count_two(void *ctx, char **f, int nf, int line)
{
  (void)f, (void)nf, (void)line;
  return ++*(int *)ctx < 2;
}

void test_csv(void)
{
  Pack p;
  pack_init(&p);
  Rows r;
  char d;
  OK(read_csv(&p, "a,b\r\n1,\"two\nlines\"\r\n\r\n3,x\r\n", &r, &d), "CRLF, a quoted newline, a blank line");
  INT_EQ(d, ',', "comma");
  INT_EQ(r.n, 3, "header and two rows");
  INT_EQ(r.lines[1], 2, "row 1 opens on line 2");
  STR_EQ(r.first[1], "two\nlines", "quoted newline kept");
  INT_EQ(r.lines[2], 5, "row 2 on line 5, after the blank line");

  OK(read_csv(&p, "a;b;c\n1;2,5;x\n", &r, &d) && d == ';', "semicolon detected");
  STR_EQ(r.first[1], "2,5", "decimal comma kept as text");
  OK(read_csv(&p, "a\tb\n1\t two \n", &r, &d) && d == '\t', "tab detected");
  STR_EQ(r.first[1], "two", "spaces trimmed, tab is the delimiter");

  p.diags.len = 0;
  OK(!read_csv(&p, "a,b\n1,2\n3,\"open\nstill\n", &r, &d), "unterminated quote");
  STR_EQ(first_rule(&p), "E-CSV", "unterminated quote rule");
  INT_EQ(p.diags.v[0].pos.line, 3, "at the line where the field opens");
  INT_EQ(p.diags.v[0].pos.col, 3, "at its opening quote");
  p.diags.len = 0;
  OK(!read_csv(&p, "a;b\n\xc3\xa4x\"y;2\n", &r, &d), "a quote inside an unquoted field");
  INT_EQ(p.diags.v[0].pos.line, 2, "its line");
  INT_EQ(p.diags.v[0].pos.col, 3, "the quote, after a 2-byte character (columns in characters)");
  p.diags.len = 0;
  OK(!read_csv(&p, "a,b\n1,\"x\n\"\"y\" z\n", &r, &d), "text after a closing quote, a line later");
  INT_EQ(p.diags.v[0].pos.line, 3, "the line of the offending character");
  INT_EQ(p.diags.v[0].pos.col, 6, "the character itself (the space after the quote is allowed)");
  p.diags.len = 0;
  OK(!read_csv(&p, "sep=,\na,b\n1,\"x\"\"\n", &r, &d), "never closed after an escaped quote, below sep=");
  INT_EQ(p.diags.v[0].pos.line, 3, "line 3 (sep= is line 1)");
  INT_EQ(p.diags.v[0].pos.col, 3, "the opening quote, not the escaped one");

  // Field positions: columns in characters, the quote included, leading spaces skipped.
  OK(read_csv(&p, "a;b\n\xc3\xa4\xc3\xb6;\"x\"\n", &r, &d), "non-ASCII and a quoted field");
  INT_EQ(r.col1[1].col, 4, "after two 2-byte characters and the delimiter");
  OK(read_csv(&p, "a,b\n\"x\ny\",  z\n", &r, &d), "a field after a quoted newline");
  INT_EQ(r.col1[1].line, 3, "the field's own line");
  INT_EQ(r.col1[1].col, 6, "past the spaces libcsv trims");
  OK(read_csv(&p, "sep=|\r\na|b\r\n1|2\r\n", &r, &d) && d == '|', "sep= sets the delimiter");
  INT_EQ(r.n, 2, "the sep= line is no row");
  INT_EQ(r.lines[0], 2, "the header is line 2");
  STR_EQ(r.first[1], "2", "fields split at the sep= delimiter");

  p.diags.len = 0;
  p.limits.csv_field = 4;
  OK(!read_csv(&p, "a,b\n1,12345\n", &r, &d), "field over the limit");
  STR_EQ(first_rule(&p), "E-LIMIT", "field limit rule");
  INT_EQ(p.diags.v[0].pos.line, 2, "field limit line");
  pack_free(&p);

  int n = 0, bad = 0;
  const char *text = "a,b\n\"x\ny\",2\n3,4\n";
  OK(!csv_scan(text, strlen(text), ',', 100, count_two, &n, &bad), "csv_scan stops when asked");
  INT_EQ(n, 2, "two records, then it stopped");
  n = 0;
  OK(csv_scan("a\n\"b", 4, ',', 100, count_two, &n, &bad) && bad == 2, "csv_scan reports the line");
}

/* Every reading of a number in every dialect: a value, or a refusal ("!"). */
void test_csv_number(void)
{
  static const struct {
    char delim, decimal, thousands;
    const char *in, *want;
  } T[] = {
    {';', 0, 0, "1.420", "!"}, {';', 0, 0, "1,420", "!"}, {';', 0, 0, "-12.500", "!"}, {'\t', 0, 0, "1,420", "!"},
    {';', 0, 0, "4,5", "4.5"}, {';', 0, 0, "4.5", "4.5"}, {';', 0, 0, "1,42", "1.42"}, {';', 0, 0, "1.4205", "1.4205"},
    {';', 0, 0, "0,500", "0.5"}, {';', 0, 0, "1234,500", "1234.5"}, {';', 0, 0, "1.420,5", "!"}, {';', 0, 0, "1.420.000", "!"},
    {',', 0, 0, "1.420", "1.42"}, {',', 0, 0, "4,5", "!"}, {',', ',', 0, "4,5", "4.5"}, {',', 0, 0, "1,420", "!"},
    {';', ',', 0, "1.420", "!"}, {';', ',', 0, "1,420", "1.42"}, {';', '.', 0, "1,420", "!"}, {';', '.', 0, "1.420", "1.42"},
    {';', 0, '.', "1.420", "1420"}, {';', 0, '.', "1.420.000,5", "1420000.5"}, {';', 0, '.', "1.42", "!"},
    {';', 0, '.', "12.34.567", "!"}, {';', 0, '.', "1234.567", "!"}, {';', 0, '.', "1420,25", "1420.25"},
    {';', 0, ',', "1,420", "1420"}, {';', 0, ',', "1,420.5", "1420.5"}, {';', 0, ',', "1.420,5", "!"},
    {';', 0, ',', "0,500", "!"}, {';', 0, ',', "-0,500", "!"}, {';', 0, ',', "01,234", "!"}, {';', 0, '.', "0.500", "!"},
    {';', 0, ',', "0.5", "0.5"}, {';', 0, '.', "0,500", "0.5"}, {';', 0, ' ', "0 500", "!"},
    {';', 0, ' ', "1 420,5", "1420.5"}, {';', 0, ' ', "1\xc2\xa0" "420,5", "1420.5"}, {';', 0, ' ', "1\xe2\x80\xaf" "420", "1420"},
    {';', 0, ' ', "1,420", "1.42"}, {';', 0, '\'', "1'420.5", "1420.5"}, {';', 0, ' ', "1 42", "!"},
    {';', 0, 0, "", "!"}, {';', 0, 0, "-", "!"}, {';', 0, 0, ",5", "!"}, {';', 0, 0, "5,", "!"}, {';', 0, 0, "1e3", "!"},
    {';', 0, 0, "+1", "!"}, {';', 0, 0, "--1", "!"}, {';', 0, 0, " 7 ", "7"}, {';', 0, 0, "-0", "0"}, {';', 0, 0, "nan", "!"},
  };
  for (size_t i = 0; i < sizeof T / sizeof *T; i++) {
    Pack p;
    pack_init(&p);
    p.csv.decimal = T[i].decimal;
    p.csv.thousands = T[i].thousands;
    double v = -999;
    const char *why = csv_number(&p, T[i].delim, T[i].in, false, &v);
    char got[64];
    if (why)
      snprintf(got, sizeof got, "!");
    else
      snprintf(got, sizeof got, "%.15g", v);
    char what[96];
    snprintf(what, sizeof what, "'%s' with '%c', decimal %d, thousands %d", T[i].in, T[i].delim, T[i].decimal, T[i].thousands);
    STR_EQ(got, T[i].want, what);
    pack_free(&p);
  }
  Pack p;
  pack_init(&p);
  double v;
  OK(csv_number(&p, ';', "88 %", true, &v) == NULL && v == 88, "a percent value where allowed");
  OK(csv_number(&p, ';', "88 %", false, &v) != NULL, "a percent value refused elsewhere");
  const char *why = csv_number(&p, ';', "1\xc2\xa0" "234", false, &v);
  OK(why && strstr(why, "csv.thousands: \" \"") && !strstr(why, "','-delimited"),
     "grouping by a space in a ';' file: the message names csv.thousands, not a ',' file's rule");
  p.csv.thousands = ' ';
  why = csv_number(&p, ';', "0 500", false, &v);
  OK(why && strstr(why, "cannot start with 0") && !strstr(why, "decimal mark here"),
     "a space-grouped number starting with 0: no question whether a space is a decimal mark");
  p.csv.thousands = 0;
  why = csv_number(&p, ',', "4,5", false, &v);
  OK(why && strstr(why, "a ','-delimited file uses \".\""), "a decimal comma in a ',' file: that file's rule");
  Date dt, want;
  date_parse("2026-08-31", &want);
  OK(csv_date(&p, "2026-08-31", &dt) == NULL && dt == want, "ISO always");
  OK(csv_date(&p, "31.08.2026", &dt) != NULL, "DD.MM.YYYY only when declared");
  p.csv.date = DF_DMY_DOT;
  OK(csv_date(&p, "31.08.2026", &dt) == NULL && dt == want, "DD.MM.YYYY declared");
  OK(csv_date(&p, "31.8.2026", &dt) != NULL, "two-digit month");
  OK(csv_date(&p, "31/08/2026", &dt) != NULL, "only the declared form");
  p.csv.date = DF_MDY_SLASH;
  OK(csv_date(&p, "08/31/2026", &dt) == NULL && dt == want, "MM/DD/YYYY declared");
  OK(csv_date(&p, "31/08/2026", &dt) != NULL, "no month 31");
  p.csv.date = DF_DMY_SLASH;
  OK(csv_date(&p, "31/08/2026", &dt) == NULL && dt == want, "DD/MM/YYYY declared");
  OK(csv_date(&p, "29/02/2027", &dt) != NULL, "a real date");
  const char *w = csv_date(&p, "2026-02-30", &dt);
  OK(w && strstr(w, "not a real date in the form YYYY-MM-DD"), "an ISO form that is no date, with csv.date set: said so");
  w = csv_date(&p, " 2026-11-03", &dt);
  OK(w && strstr(w, "without spaces"), "a date with a space before it: said so");
  pack_free(&p);
}
