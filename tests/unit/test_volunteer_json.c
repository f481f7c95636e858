/* The volunteers domain's JSON mapping (service/volunteers/volunteer_json.c), without a
 * database: skill lists from a view's comma-separated cells, availability in words, and
 * a sign-up's waitlist position shown only while it waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "yinhui/volunteer_json.h"

/* obj serialised (unformatted) equals want. */
static void assert_json(const cJSON *obj, const char *want)
{
    char *s = cJSON_PrintUnformatted(obj);
    assert_string_equal(s, want);
    free(s);
}

static void skills_become_lists(void **state)
{
    (void)state;
    cJSON *items = cJSON_Parse("[{\"id\":\"1\",\"skills\":\"first_aid,driving\",\"n\":1},{\"skills\":null},"
                               "{\"skills\":\"\"}]");
    skills_json_items(items);
    assert_json(
        items,
        "[{\"id\":\"1\",\"skills\":[\"first_aid\",\"driving\"],\"n\":1},{\"skills\":[]},{\"skills\":[]}]");
    cJSON_Delete(items);
}

static void availability_in_words(void **state)
{
    (void)state;
    cJSON *a = availability_json(1 | 4 | 64, 2);
    assert_json(a, "{\"weekdays\":[\"mon\",\"wed\",\"sun\"],\"day_parts\":[\"afternoon\"]}");
    cJSON_Delete(a);
}

static void waitlist_position_only_while_waiting(void **state)
{
    (void)state;
    struct signup s = {.id = 7, .event_id = 3, .volunteer_id = 5};
    strcpy(s.status, "waitlisted");
    cJSON *j = vsignup_json(&s, 2);
    assert_json(
        j, "{\"id\":\"7\",\"event_id\":\"3\",\"volunteer_id\":\"5\",\"status\":\"waitlisted\",\"position\":2,"
           "\"checked_in_at\":null,\"checked_out_at\":null,\"attendance_confirmed_at\":null,\"no_show_at\":"
           "null}");
    cJSON_Delete(j);
    strcpy(s.status, "confirmed");
    strcpy(s.attendance_confirmed_at, "2026-11-30 20:00:00");
    strcpy(s.checked_in_at, "2026-12-01 09:05:00");
    j = vsignup_json(&s, 0);
    assert_json(j, "{\"id\":\"7\",\"event_id\":\"3\",\"volunteer_id\":\"5\",\"status\":\"confirmed\","
                   "\"checked_in_at\":\"2026-12-01T09:05:00+08:00\",\"checked_out_at\":null,"
                   "\"attendance_confirmed_at\":\"2026-11-30T20:00:00+08:00\",\"no_show_at\":null}");
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(skills_become_lists),
        cmocka_unit_test(availability_in_words),
        cmocka_unit_test(waitlist_position_only_while_waiting),
    };
    return cmocka_run_group_tests_name("volunteer JSON", tests, NULL, NULL);
}
