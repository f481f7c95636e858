#ifndef YINHUI_CALENDAR_H
#define YINHUI_CALENDAR_H

#include <stdbool.h>

/* Calendar arithmetic on proleptic Gregorian dates (service/platform/calendar.c): no time
 * zone, so China dates stay China's. Day numbers count days since 1970-01-01. */
bool cal_leap_year(int y);
/* Days of month m (1..12) of year y. */
int cal_month_days(int y, int m);
long cal_day_number(int y, int m, int d);
void cal_from_day_number(long z, int *y, int *m, int *d);
/* "YYYY-MM-DD" of day number z into out. */
void cal_date_of(long z, char out[11]);
/* The day number of s, exactly "YYYY-MM-DD" and a real date; false otherwise. */
bool cal_parse_date(const char *s, long *z);
/* Seconds since the epoch of the civil time y-mo-d h:mi:s with no zone (what timegm
 * answers: months outside 1..12 and days, hours, minutes and seconds past their range
 * carry over). These two are the service's only conversions between seconds and dates:
 * glibc's gmtime_r, timegm and localtime_r take its time zone lock, which a thread may
 * hold when the PDF renderer forks (platform/render_pdf.c): none of ours ever does. */
long long cal_seconds(int y, int mo, int d, int h, int mi, int s);
/* "YYYY-MM-DD HH:MM:SS" of t seconds since the epoch, with no zone, into out. */
void cal_time_string(long long t, char out[20]);

#endif
