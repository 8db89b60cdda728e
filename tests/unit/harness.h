/*
 * harness.h - a small unit-test harness in the manner of cmark's api_test:
 * OK, INT_EQ, DBL_EQ, STR_EQ count and report, and the runner prints
 * "N passed, M failed" last.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

extern int t_passed, t_failed;

#define OK(cond, ...)                                                  \
  do {                                                                 \
    if (cond) {                                                        \
      t_passed++;                                                      \
    } else {                                                           \
      t_failed++;                                                      \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);             \
      fprintf(stderr, __VA_ARGS__);                                    \
      fputc('\n', stderr);                                             \
    }                                                                  \
  } while (0)

#define INT_EQ(got, want, what) \
  do { long g_ = (long)(got), w_ = (long)(want); OK(g_ == w_, "%s: got %ld, want %ld", what, g_, w_); } while (0)
#define DBL_EQ(got, want, what) \
  do { double g_ = (got), w_ = (want); OK(fabs(g_ - w_) < 1e-9, "%s: got %.12g, want %.12g", what, g_, w_); } while (0)
#define STR_EQ(got, want, what)                                                       \
  do {                                                                                \
    const char *g_ = (got), *w_ = (want);                                             \
    OK(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, "%s: got '%s', want '%s'", what,    \
       g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                      \
  } while (0)

#endif
