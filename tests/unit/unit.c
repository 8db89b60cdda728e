/*
 * unit.c - the unit-test runner: one function per area, in pipeline order.
 */
#include "harness.h"

int t_passed, t_failed;

void test_memory(void);
void test_date(void);
void test_utf8(void);
void test_lookalike(void);
void test_yaml(void);
void test_csv(void);
void test_csv_number(void);
void test_progress(void);
void test_figures(void);
void test_rules(void);
void test_help(void);
void test_import(void);
void test_xlsx(void);
void test_change(void);
void test_i18n(void);
void test_hyphen(void);
void test_title_lists(void);
void test_pdf(void);

int main(void)
{
  test_memory();
  test_date();
  test_utf8();
  test_lookalike();
  test_yaml();
  test_csv();
  test_csv_number();
  test_progress();
  test_figures();
  test_rules();
  test_help();
  test_import();
  test_xlsx();
  test_change();
  test_i18n();
  test_hyphen();
  test_title_lists();
  test_pdf();
  printf("%d passed, %d failed\n", t_passed, t_failed);
  return t_failed ? 1 : 0;
}
