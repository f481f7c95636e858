/* Calendar arithmetic on proleptic Gregorian dates (days from civil and back: Howard
 * Hinnant's algorithms), shared by every date rule that counts days. */
#include "yinhui/calendar.h"

#include <stdio.h>
#include <string.h>

bool cal_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && cal_leap_year(y) ? 29 : days[(m - 1) % 12];
}

long cal_day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cal_from_day_number(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void cal_date_of(long z, char out[11])
{
    int y, m, d;
    cal_from_day_number(z, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

bool cal_parse_date(const char *s, long *z)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > cal_month_days(y, m)) {
        return false;
    }
    *z = cal_day_number(y, m, d);
    return true;
}

long long cal_seconds(int y, int mo, int d, int h, int mi, int s)
{
    int m0 = mo - 1;
    int carry = m0 >= 0 ? m0 / 12 : -((11 - m0) / 12);
    y += carry;
    m0 -= 12 * carry;
    long long days = cal_day_number(y, m0 + 1, 1) + (long long)d - 1;
    return days * 86400 + (long long)h * 3600 + (long long)mi * 60 + s;
}

void cal_time_string(long long t, char out[20])
{
    long long z = t >= 0 ? t / 86400 : -((86399 - t) / 86400);
    long long sod = t - z * 86400;
    int y, m, d;
    cal_from_day_number((long)z, &y, &m, &d);
    snprintf(out, 20, "%04u-%02u-%02u %02u:%02u:%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u, (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}
