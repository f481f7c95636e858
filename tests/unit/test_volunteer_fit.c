/* Safety and fit (issue 16; service/volunteers/rules.c): a volunteer's age on an event's
 * day (birthdays, 29 February, the turn of the year in China time), the requirements a
 * volunteer does not meet, and the insurance a risky event needs to open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yinhui/access.h"
#include "yinhui/json_in.h"
#include "yinhui/volunteer_rules.h"

static void ages_on_birthdays(void **state)
{
    (void)state;
    assert_int_equal(vfit_age("1966-06-15", "2026-06-14"), 59);
    assert_int_equal(vfit_age("1966-06-15", "2026-06-15"), 60); /* on the birthday */
    assert_int_equal(vfit_age("1966-06-15", "2026-06-16 08:00:00"), 60);
    assert_int_equal(vfit_age("1966-06-15", "2026-05-31"), 59);
    /* 29 February: the birthday comes on 1 March in a common year, on the day in a leap year */
    assert_int_equal(vfit_age("1964-02-29", "2026-02-28"), 61);
    assert_int_equal(vfit_age("1964-02-29", "2026-03-01"), 62);
    assert_int_equal(vfit_age("1964-02-29", "2028-02-28"), 63);
    assert_int_equal(vfit_age("1964-02-29", "2028-02-29"), 64);
}

/* The event's day is its China-time date: 2026-12-31T16:00Z is 1 January in China. */
static void ages_at_the_turn_of_the_year(void **state)
{
    (void)state;
    char at[20];
    struct vfit_who dated = {"1967-01-01", 0, "able", ""};
    struct vfit_who yearly = {"", 1967, "", ""};
    time_cn(1798732800, at); /* 2026-12-31T16:00:00Z: 2027-01-01 00:00:00 in China */
    assert_string_equal(at, "2027-01-01 00:00:00");
    assert_int_equal(vfit_age_of(&dated, at), 60);
    assert_int_equal(vfit_age_of(&dated, "2026-12-31 23:59:59"), 59);
    /* a birth year only: the age reached in the event's year */
    assert_int_equal(vfit_age_of(&yearly, at), 60);
    assert_int_equal(vfit_age_of(&yearly, "2026-12-31 23:59:59"), 59);
    struct vfit_who unknown = {"", 0, "", ""};
    assert_int_equal(vfit_age_of(&unknown, at), -1);
}

/* The fields vfit_check named, comma-separated, into out. */
static int fit_fields(const struct vfit_need *n, const struct vfit_who *w, char *out, size_t len)
{
    struct verrs v = {0};
    int k = vfit_check(n, w, &v);
    out[0] = '\0';
    for (int i = 0; i < v.n; i++) {
        strncat(out, v.e[i].field, len - strlen(out) - 2);
        strcat(out, i + 1 < v.n ? "," : "");
    }
    assert_int_equal(k, v.n);
    return k;
}

static void fit_requirements(void **state)
{
    (void)state;
    char f[160];
    struct vfit_need n = {60, 75, "able,frail", "moderate", "medical,legal", true, "2026-12-10 09:00:00"};
    struct vfit_who w = {"1956-12-10", 0, "frail", "culture,legal"};
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 0);
    w.birth_date = "1956-12-11"; /* 69 the day before: fits, 70 is fine too */
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 0);
    w.birth_date = "1951-12-10"; /* 75 on the day: at most 75 */
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 0);
    w.birth_date = "1950-12-10"; /* 76 */
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 1);
    assert_string_equal(f, "max_age");
    w.birth_date = "1966-12-11"; /* 59, turns 60 the day after */
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 1);
    assert_string_equal(f, "min_age");
    w.birth_date = "1966-12-10";
    assert_int_equal(fit_fields(&n, &w, f, sizeof(f)), 0);
    /* each unmet requirement is named */
    struct vfit_who all = {"1990-01-01", 0, "homebound", "culture"};
    assert_int_equal(fit_fields(&n, &all, f, sizeof(f)), 3);
    assert_string_equal(f, "min_age,health_allowed,skills");
    n.intensity = "vigorous";
    assert_int_equal(fit_fields(&n, &all, f, sizeof(f)), 4);
    assert_string_equal(f, "min_age,health_allowed,intensity,skills");
    /* unknown age and health fail the bounds on them */
    struct vfit_who unknown = {"", 0, "", "legal"};
    assert_int_equal(fit_fields(&n, &unknown, f, sizeof(f)), 4);
    assert_string_equal(f, "min_age,max_age,health_allowed,intensity");
    /* nothing asked: anyone fits; skills only wanted are no requirement */
    struct vfit_need none = {0, 0, "", "", "medical", false, "2026-12-10 09:00:00"};
    assert_int_equal(fit_fields(&none, &unknown, f, sizeof(f)), 0);
}

static void messages(void **state)
{
    (void)state;
    struct verrs v = {0};
    struct vfit_need n = {60, 0, "", "", "", false, "2026-12-10 09:00:00"};
    struct vfit_who w = {"1970-05-01", 0, "able", ""};
    assert_int_equal(vfit_check(&n, &w, &v), 1);
    /* the bound only: an age on a chosen day would tell the birthday (fix B9) */
    assert_string_equal(v.e[0].message, "the event asks an age of at least 60");
}

static void insurance(void **state)
{
    (void)state;
    assert_true(vevent_insured_ok(false, false, "open"));
    assert_true(vevent_insured_ok(true, true, "open"));
    assert_true(vevent_insured_ok(true, false, "draft"));
    assert_false(vevent_insured_ok(true, false, "open"));
    /* closed stops sign-ups only: the event is still held, so still insured (fix B2) */
    assert_false(vevent_insured_ok(true, false, "closed"));
    assert_true(vevent_insured_ok(true, true, "closed"));
    assert_true(vevent_insured_ok(true, false, "cancelled"));
}

/* The member's list starts no earlier than now, whatever the cursor (fix B10). */
static void cursors(void **state)
{
    (void)state;
    const char *now = "2026-12-02 12:00:00";
    assert_true(vfit_cursor_ok("2026-12-02 12:00:00", now));
    assert_true(vfit_cursor_ok("2027-01-01 00:00:00", now));
    assert_false(vfit_cursor_ok("2026-12-02 11:59:59", now));
    assert_false(vfit_cursor_ok("2000-01-01 00:00:00", now));
    assert_false(vfit_cursor_ok("zzzz-12-02 12:00:00", now));
    assert_false(vfit_cursor_ok("2026-12-02T12:00:00", now));
    assert_false(vfit_cursor_ok("2026-12-02", now));
    assert_false(vfit_cursor_ok("", now));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ages_on_birthdays), cmocka_unit_test(ages_at_the_turn_of_the_year),
        cmocka_unit_test(fit_requirements),  cmocka_unit_test(messages),
        cmocka_unit_test(insurance),         cmocka_unit_test(cursors),
    };
    return cmocka_run_group_tests_name("volunteer fit", tests, NULL, NULL);
}
