/* The rules of hospital stays (see stays.h): plain functions over dates (YYYY-MM-DD,
 * which compare as strings), without the database. */
#include <string.h>

#include "yinhui/stays.h"

const char *stays_admitted_refusal(const char *admitted_on, const char *today)
{
    return strcmp(admitted_on, today) > 0 ? "is in the future" : NULL;
}

const char *stays_discharged_refusal(const char *admitted_on, const char *discharged_on, const char *today)
{
    if (strcmp(discharged_on, admitted_on) < 0) {
        return "is before admitted_on";
    }
    return strcmp(discharged_on, today) > 0 ? "is in the future" : NULL;
}
