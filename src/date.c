/*
 * date.c - calendar dates as day numbers, and the plain decimal numbers of
 * SPEC section 3.
 *
 * A Date counts days since 1970-01-01 (proleptic Gregorian), so that date
 * differences are integer subtraction.  Parsing is strict: YYYY-MM-DD, a real
 * calendar date; numbers are -?[0-9]+(\.[0-9]+)?, with no exponent, NaN or
 * infinity.
 */
#include "objreg.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil). */
static Date days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* y-m-d of day z (H. Hinnant's civil_from_days). */
void date_civil(Date z, int *y, int *m, int *d)
{
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dm[m - 1];
}

bool date_parse(const char *s, Date *out)
{
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
      return false;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return false;
  *out = days_from_civil(y, m, d);
  return true;
}

void date_format(Date d, char out[11])
{
  int y, m, dd;
  if (d == DATE_NONE) {
    out[0] = '\0';
    return;
  }
  date_civil(d, &y, &m, &dd);
  unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)dd % 100u;
  out[0] = (char)('0' + uy / 1000), out[1] = (char)('0' + uy / 100 % 10);
  out[2] = (char)('0' + uy / 10 % 10), out[3] = (char)('0' + uy % 10), out[4] = '-';
  out[5] = (char)('0' + um / 10), out[6] = (char)('0' + um % 10), out[7] = '-';
  out[8] = (char)('0' + ud / 10), out[9] = (char)('0' + ud % 10), out[10] = '\0';
}

int source_date_epoch(int64_t *secs)
{
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (!e || !*e)
    return 0;
  int64_t v = 0;
  for (const char *p = e; *p; p++) {
    if (!isdigit((unsigned char)*p) || v > EPOCH_MAX / 10)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (v > EPOCH_MAX)
    return -1;
  *secs = v;
  return 1;
}

Date date_from_unix(int64_t secs)
{
  int64_t days = secs / 86400 - (secs % 86400 < 0);
  return (Date)days;
}

/* -?[0-9]+([.,][0-9]+)? in s[0..n); a decimal comma only when allowed.  Up to
 * 15 significant digits the value is an exact integer divided by an exact
 * power of ten, which IEEE division rounds correctly, as strtod would;
 * longer numbers go through strtod. */
bool num_parse_n(const char *s, size_t n, bool decimal_comma, double *out)
{
  static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0, digits = 0, frac = 0;
  bool neg = n && s[0] == '-';
  uint64_t mant = 0;
  i = neg;
  size_t start = i;
  for (; i < n && isdigit((unsigned char)s[i]); i++, digits++)
    mant = mant * 10 + (uint64_t)(s[i] - '0') * (digits < 19);
  if (i == start)
    return false;
  size_t point = n;
  if (i < n && (s[i] == '.' || (decimal_comma && s[i] == ','))) {
    point = i++;
    size_t f0 = i;
    for (; i < n && isdigit((unsigned char)s[i]); i++, frac++)
      mant = mant * 10 + (uint64_t)(s[i] - '0') * (digits + frac < 19);
    if (i == f0)
      return false;
  }
  if (i != n)
    return false;
  double v;
  if (digits + frac <= 15) {
    v = (double)mant / pow10[frac];
  } else {
    char tmp[400];
    if (n >= sizeof tmp)
      return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (point < n)
      tmp[point] = '.';
    v = strtod(tmp, NULL);
    if (!isfinite(v))
      return false;
    neg = false;  // strtod read the sign
  }
  v = neg ? -v : v;
  *out = v == 0 ? 0.0 : v;  // -0 is 0
  return true;
}

bool num_parse(const char *s, bool decimal_comma, double *out)
{
  return num_parse_n(s, strlen(s), decimal_comma, out);
}

bool str_ieq(const char *a, const char *b)
{
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return false;
  return *a == *b;
}
