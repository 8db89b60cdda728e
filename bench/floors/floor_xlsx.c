/*
 * floor_xlsx [-c] N M OUT.xlsx - what objreg's workbook costs in
 * libxlsxwriter alone.
 *
 * The four big sheets of the tracking workbook, from values made up in
 * memory with the shape of a generated pack: Objectives (N rows, 19
 * columns), Measures (1 to 3 per objective, 19 columns), Measurements (M
 * rows spread over the measures, 8 columns) and Actions (2 to 5 per
 * objective, 10 columns).  Each sheet has a bold header row, column widths,
 * a frozen header and an autofilter; dates are real dates, progress a
 * percentage, RAG columns coloured by conditional formats, the status
 * column a list validation, overdue actions highlighted.  Nothing is read:
 * this is the output floor.  -c: constant_memory mode, as objreg writes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#if defined(LXW_VERSION_ID) && LXW_VERSION_ID >= 116  // value_list became const char **
typedef const char *ListItem;
#else
typedef char *ListItem;
#endif

static uint32_t seed = 2463534242u;
static uint32_t pick(uint32_t n)  // xorshift32
{
  seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
  return seed % n;
}
#define ONE_OF(a) ((a)[pick(sizeof(a) / sizeof *(a))])

static const char *title[] = {
    "Every production server is patched within 30 days of a critical advisory",
    "Phishing report rate among staff reaches 60% by year end",
    "Alle Laptops in der Niederlassung München sind verschlüsselt",
    "Οι κρίσιμες ευπάθειες διορθώνονται μέσα σε 14 ημέρες",
    "Резервные копии проверяются восстановлением каждый квартал",
    "Les accès privilégiés sont revus chaque trimestre par le RSSI"};
static const char *owner[] = {"CISO", "Head of Infrastructure", "HR Director", "Łukasz Wiśniewski",
                              "Ελένη Γεωργίου", "Анна Смирнова", "Data Protection Officer"};
static const char *unit_name[] = {"Servers patched in time", "Phishing reports", "Encrypted laptops",
                                  "Open critical findings", "Restore tests passed"};
static const char *action[] = {"Roll out the patch pipeline to the remaining hosts",
                               "Run the quarterly phishing campaign and publish the results",
                               "Renouveler le contrat de sauvegarde hors site", "Train the service desk"};
static const char *status[] = {"active", "active", "active", "draft", "achieved", "closed"};
static const char *rag[] = {"green", "amber", "red"};

static lxw_workbook *wb;
static lxw_format *head, *day, *pct, *late, *late_day;

static void put_date(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int d, lxw_format *f)
{
  // d days after 2023-01-01, as a calendar date
  lxw_datetime t = {2023, 1, 1, 0, 0, 0};
  static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (;;) {
    int leap = t.year % 4 == 0 && (t.year % 100 != 0 || t.year % 400 == 0);
    if (d < 365 + leap)
      break;
    d -= 365 + leap, t.year++;
  }
  int leap = t.year % 4 == 0 && (t.year % 100 != 0 || t.year % 400 == 0);
  for (t.month = 1; d >= len[t.month - 1] + (t.month == 2 && leap); t.month++)
    d -= len[t.month - 1] + (t.month == 2 && leap);
  t.day = d + 1;
  worksheet_write_datetime(ws, r, c, &t, f ? f : day);
}

static lxw_worksheet *new_sheet(const char *name, int ncols, const char *const *cols, const double *width,
                                long rows)
{
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  for (int c = 0; c < ncols; c++) {
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
    worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], head);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows ? rows : 1), (lxw_col_t)(ncols - 1));
  return ws;
}

static void colour_rag(lxw_worksheet *ws, lxw_col_t col, long rows)
{
  static const lxw_color_t fill[] = {0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
  for (int i = 0; i < 3; i++) {
    lxw_format *f = workbook_add_format(wb);
    format_set_bg_color(f, fill[i]);
    char v[16];
    snprintf(v, sizeof v, "\"%s\"", rag[i]);
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                 .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO, .value_string = v, .format = f};
    worksheet_conditional_format_range(ws, 1, col, (lxw_row_t)(rows ? rows : 1), col, &cf);
  }
}

int main(int argc, char **argv)
{
  int a = 1, cm = 0;
  if (a < argc && !strcmp(argv[a], "-c"))
    cm = 1, a++;
  if (argc - a != 3) {
    fprintf(stderr, "usage: floor_xlsx [-c] N M OUT.xlsx\n");
    return 2;
  }
  long n = atol(argv[a]), m = atol(argv[a + 1]);
  lxw_workbook_options opt = {.constant_memory = (uint8_t)cm};
  if (n < 1 || m < 0 || !(wb = workbook_new_opt(argv[a + 2], &opt))) {
    fprintf(stderr, "floor_xlsx: bad arguments or cannot create %s\n", argv[a + 2]);
    return 2;
  }
  head = workbook_add_format(wb), format_set_bold(head), format_set_bg_color(head, 0xD9E1F2);
  day = workbook_add_format(wb), format_set_num_format(day, "yyyy-mm-dd");
  pct = workbook_add_format(wb), format_set_num_format(pct, "0%");
  late = workbook_add_format(wb), format_set_bg_color(late, 0xFFC7CE);
  late_day = workbook_add_format(wb), format_set_bg_color(late_day, 0xFFC7CE);
  format_set_num_format(late_day, "yyyy-mm-dd");

  int *meas = malloc((size_t)n * sizeof *meas), *acts = malloc((size_t)n * sizeof *acts);
  long nm = 0, na = 0;
  for (long i = 0; i < n; i++)
    nm += meas[i] = 1 + (int)pick(3), na += acts[i] = 2 + (int)pick(4);
  char id[32], s[128];

  static const char *oc[] = {"ID", "Title", "Status", "Level", "Function", "Owner", "Policy", "Requirements",
                             "Risks", "Due", "Measures", "Actions", "Progress", "RAG", "Version", "Approved by",
                             "Approved on", "Next review", "File"};
  static const double ow[] = {12, 60, 10, 12, 24, 24, 14, 22, 18, 11, 9, 8, 9, 7, 8, 18, 11, 11, 28};
  lxw_worksheet *ws = new_sheet("Objectives", 19, oc, ow, n);
  for (long i = 0; i < n; i++) {
    lxw_row_t r = (lxw_row_t)i + 1;
    snprintf(id, sizeof id, "OBJ-%05ld", i + 1);
    worksheet_write_string(ws, r, 0, id, NULL);
    worksheet_write_string(ws, r, 1, ONE_OF(title), NULL);
    worksheet_write_string(ws, r, 2, ONE_OF(status), NULL);
    worksheet_write_string(ws, r, 3, "function", NULL);
    worksheet_write_string(ws, r, 4, "IT Operations", NULL);
    worksheet_write_string(ws, r, 5, ONE_OF(owner), NULL);
    snprintf(s, sizeof s, "POL-%u, POL-%u", 1 + pick(20), 1 + pick(20));
    worksheet_write_string(ws, r, 6, s, NULL);
    snprintf(s, sizeof s, "REQ-ISO-%04u", 1 + pick(9999));
    worksheet_write_string(ws, r, 7, s, NULL);
    snprintf(s, sizeof s, "R-%05ld, R-%05u", i / 2 + 1, 1 + pick(99999));
    worksheet_write_string(ws, r, 8, s, NULL);
    put_date(ws, r, 9, 1460 + (int)pick(365), NULL);
    worksheet_write_number(ws, r, 10, meas[i], NULL);
    worksheet_write_number(ws, r, 11, acts[i], NULL);
    worksheet_write_number(ws, r, 12, pick(1001) / 1000.0, pct);
    worksheet_write_string(ws, r, 13, ONE_OF(rag), NULL);
    snprintf(s, sizeof s, "1.%u", pick(10));
    worksheet_write_string(ws, r, 14, s, NULL);
    worksheet_write_string(ws, r, 15, "Management review board", NULL);
    put_date(ws, r, 16, 1100 + (int)pick(80), NULL);
    put_date(ws, r, 17, 1430 + (int)pick(90), NULL);
    snprintf(s, sizeof s, "objectives/%s.md", id);
    worksheet_write_string(ws, r, 18, s, NULL);
  }
  colour_rag(ws, 13, n);
  ListItem list[] = {"draft", "active", "achieved", "closed", "withdrawn", NULL};
  lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = list};
  worksheet_data_validation_range(ws, 1, 2, (lxw_row_t)n, 2, &dv);

  static const char *mc[] = {"Objective", "Measure", "Name", "Unit", "Direction", "Baseline", "Baseline date",
                             "Target", "Due", "Frequency", "Source", "Latest", "Latest date", "Progress",
                             "Planned", "Status", "Stale", "RAG", "Rows"};
  static const double mw[] = {12, 8, 44, 10, 9, 9, 11, 8, 11, 10, 28, 8, 11, 9, 9, 10, 6, 7, 6};
  ws = new_sheet("Measures", 19, mc, mw, nm);
  lxw_row_t r = 1;
  for (long i = 0; i < n; i++)
    for (int k = 0; k < meas[i]; k++, r++) {
      snprintf(id, sizeof id, "OBJ-%05ld", i + 1);
      worksheet_write_string(ws, r, 0, id, NULL);
      snprintf(s, sizeof s, "M%d", k + 1);
      worksheet_write_string(ws, r, 1, s, NULL);
      worksheet_write_string(ws, r, 2, ONE_OF(unit_name), NULL);
      worksheet_write_string(ws, r, 3, pick(2) ? "%" : "count", NULL);
      worksheet_write_string(ws, r, 4, pick(2) ? "increase" : "decrease", NULL);
      worksheet_write_number(ws, r, 5, 10 + pick(80), NULL);
      put_date(ws, r, 6, 300 + (int)pick(700), NULL);
      worksheet_write_number(ws, r, 7, pick(2) ? 100 : 0, NULL);
      if (pick(3) == 0)
        put_date(ws, r, 8, 1460 + (int)pick(365), NULL);
      worksheet_write_string(ws, r, 9, pick(2) ? "monthly" : "weekly", NULL);
      worksheet_write_string(ws, r, 10, "Vulnerability scanner export", NULL);
      worksheet_write_number(ws, r, 11, pick(1000) / 10.0, NULL);
      put_date(ws, r, 12, 1420 + (int)pick(6), NULL);
      worksheet_write_number(ws, r, 13, pick(1001) / 1000.0, pct);
      worksheet_write_number(ws, r, 14, pick(1001) / 1000.0, pct);
      worksheet_write_string(ws, r, 15, pick(4) ? "on-track" : "at-risk", NULL);
      if (pick(10) == 0)
        worksheet_write_string(ws, r, 16, "yes", NULL);
      worksheet_write_string(ws, r, 17, ONE_OF(rag), NULL);
      worksheet_write_number(ws, r, 18, (double)(m / nm), NULL);
    }
  colour_rag(ws, 17, nm);

  static const char *xc[] = {"Objective", "Measure", "Date", "Value", "Note", "Evidence", "File", "Line"};
  static const double xw[] = {12, 8, 11, 9, 30, 36, 32, 7};
  ws = new_sheet("Measurements", 8, xc, xw, m);
  long row = 0, per = m / nm, extra = m % nm;
  for (long i = 0; i < n; i++)
    for (int k = 0; k < meas[i]; k++) {
      long rows = per + (extra-- > 0);
      snprintf(id, sizeof id, "OBJ-%05ld", i + 1);
      char mid[16];
      snprintf(mid, sizeof mid, "M%d", k + 1);
      for (long j = 0; j < rows; j++) {
        lxw_row_t rr = (lxw_row_t)++row;
        long d = 1420 - (rows - j) * 7;
        worksheet_write_string(ws, rr, 0, id, NULL);
        worksheet_write_string(ws, rr, 1, mid, NULL);
        put_date(ws, rr, 2, d > 0 ? (int)d : 0, NULL);
        worksheet_write_number(ws, rr, 3, pick(1000) / 10.0, NULL);
        uint32_t x = pick(100);
        if (x < 8)
          worksheet_write_string(ws, rr, 4, "Re-measured after the fix, see the ticket", NULL);
        if (x >= 70) {
          snprintf(s, sizeof s, "evidence/obj-%05ld/2026-%02u-%02u.pdf", i + 1, 1 + x % 12, 1 + x % 28);
          worksheet_write_string(ws, rr, 5, s, NULL);
        }
        snprintf(s, sizeof s, "progress/measurements-20%02ld-Q%ld.csv", 24 + j % 3, 1 + j % 4);
        worksheet_write_string(ws, rr, 6, s, NULL);
        worksheet_write_number(ws, rr, 7, (double)(2 + row / 12), NULL);
      }
    }

  static const char *ac[] = {"Objective", "Action", "Description", "Owner", "Due", "Resources", "Status",
                             "Percent", "Updated", "Overdue"};
  static const double aw[] = {12, 7, 48, 24, 11, 16, 11, 8, 11, 8};
  ws = new_sheet("Actions", 10, ac, aw, na);
  r = 1;
  for (long i = 0; i < n; i++)
    for (int k = 0; k < acts[i]; k++, r++) {
      int over = pick(5) == 0;
      lxw_format *f = over ? late : NULL;
      snprintf(id, sizeof id, "OBJ-%05ld", i + 1);
      worksheet_write_string(ws, r, 0, id, f);
      snprintf(s, sizeof s, "A%d", k + 1);
      worksheet_write_string(ws, r, 1, s, f);
      worksheet_write_string(ws, r, 2, ONE_OF(action), f);
      worksheet_write_string(ws, r, 3, ONE_OF(owner), f);
      put_date(ws, r, 4, 1120 + (int)pick(400), over ? late_day : NULL);
      if (pick(3) == 0)
        worksheet_write_string(ws, r, 5, "5 person-days", f);
      worksheet_write_string(ws, r, 6, pick(2) ? "in-progress" : "planned", f);
      worksheet_write_number(ws, r, 7, pick(101), f);
      put_date(ws, r, 8, 1300 + (int)pick(120), over ? late_day : NULL);
      if (over)
        worksheet_write_string(ws, r, 9, "yes", f);
    }

  lxw_error e = workbook_close(wb);
  free(meas), free(acts);
  if (e) {
    fprintf(stderr, "floor_xlsx: %s\n", lxw_strerror(e));
    return 1;
  }
  printf("objectives %ld measures %ld rows %ld actions %ld\n", n, nm, m, na);
  return 0;
}
