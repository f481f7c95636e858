/* The engagement domain's rules without a database: the webhook worker's backoff, lease
 * and success test, and a survey's results (the k-threshold that withholds counts and
 * texts, counts per option, the scale mean and the satisfaction rate). */
#include "support.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "yinhui/delivery_retry.h"
#include "yinhui/survey_results.h"

static void backoff_doubles_up_to_an_hour(void **s)
{
    (void)s;
    assert_int_equal(delivery_backoff_ms(1000, 1), 1000);
    assert_int_equal(delivery_backoff_ms(1000, 2), 2000);
    assert_int_equal(delivery_backoff_ms(1000, 5), 16000);
    assert_int_equal(delivery_backoff_ms(1000, 40), 3600000);
    assert_int_equal(delivery_backoff_ms(7200000, 1), 3600000);
    assert_int_equal(delivery_backoff_ms(500, 0), 500);
}

static void lease_covers_the_deadline_and_a_margin(void **s)
{
    (void)s;
    assert_int_equal(delivery_lease_s(10000), 40);
    assert_int_equal(delivery_lease_s(10001), 41);
    assert_int_equal(delivery_lease_s(1), 31);
}

static void only_2xx_delivers(void **s)
{
    (void)s;
    assert_true(delivery_succeeded(200));
    assert_true(delivery_succeeded(204));
    assert_true(delivery_succeeded(299));
    assert_false(delivery_succeeded(300));
    assert_false(delivery_succeeded(199));
    assert_false(delivery_succeeded(-1));
    assert_false(delivery_succeeded(500));
}

/* Three questions: scale, single (3 options), text. */
static void questions(struct survey_question q[3])
{
    memset(q, 0, 3 * sizeof(*q));
    strcpy(q[0].kind, "scale");
    strcpy(q[0].text, "how satisfied");
    strcpy(q[1].kind, "single");
    strcpy(q[1].text, "which");
    strcpy(q[1].options, "a\nb\nc");
    q[1].noptions = 3;
    strcpy(q[2].kind, "text");
    strcpy(q[2].text, "say");
}

static struct survey_count counts[] = {{1, 3, 1}, {1, 4, 2}, {1, 5, 3}, {2, 2, 6}, {3, 0, 2}};
static char t1[] = "more visits", t2[] = "more lectures";
static struct survey_text texts[] = {{3, t1}, {3, t2}};

static void suppressed_below_the_threshold(void **s)
{
    (void)s;
    struct survey_question q[3];
    struct survey_tally_rows t = {counts, 5, texts, 2, 6, 9};
    questions(q);
    assert_true(survey_suppressed(4, 5));
    assert_false(survey_suppressed(5, 5));
    cJSON *j = survey_results_json(7, q, 3, &t, 7);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "suppressed")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "satisfaction_rate")));
    assert_int_equal(cJSON_GetObjectItem(j, "min_responses")->valueint, 7);
    cJSON *qs = cJSON_GetObjectItem(j, "questions");
    assert_int_equal(cJSON_GetArraySize(qs), 3);
    for (int i = 0; i < 3; i++) {
        cJSON *x = cJSON_GetArrayItem(qs, i);
        assert_null(cJSON_GetObjectItem(x, "counts"));
        assert_null(cJSON_GetObjectItem(x, "texts"));
        assert_null(cJSON_GetObjectItem(x, "answered"));
        assert_int_equal(cJSON_GetObjectItem(x, "number")->valueint, i + 1);
    }
    cJSON_Delete(j);
}

static void counts_mean_and_satisfaction(void **s)
{
    (void)s;
    struct survey_question q[3];
    struct survey_tally_rows t = {counts, 5, texts, 2, 6, 9};
    questions(q);
    cJSON *j = survey_results_json(7, q, 3, &t, 5);
    assert_string_equal(cJSON_GetObjectItem(j, "survey_id")->valuestring, "7");
    assert_int_equal(cJSON_GetObjectItem(j, "responses")->valueint, 6);
    assert_int_equal(cJSON_GetObjectItem(j, "ballots_taken")->valueint, 9);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "suppressed")));
    /* 5 of the 6 scale answers are a 4 or a 5 */
    assert_float_equal(cJSON_GetObjectItem(j, "satisfaction_rate")->valuedouble, 5.0 / 6.0, 1e-6);
    cJSON *qs = cJSON_GetObjectItem(j, "questions");
    cJSON *scale = cJSON_GetArrayItem(qs, 0), *single = cJSON_GetArrayItem(qs, 1),
          *text = cJSON_GetArrayItem(qs, 2);
    cJSON *c = cJSON_GetObjectItem(scale, "counts");
    assert_int_equal(cJSON_GetArraySize(c), 5);
    assert_int_equal(cJSON_GetArrayItem(c, 0)->valueint, 0);
    assert_int_equal(cJSON_GetArrayItem(c, 2)->valueint, 1);
    assert_int_equal(cJSON_GetArrayItem(c, 4)->valueint, 3);
    assert_float_equal(cJSON_GetObjectItem(scale, "mean")->valuedouble, (3.0 + 8.0 + 15.0) / 6.0, 1e-6);
    assert_int_equal(cJSON_GetObjectItem(scale, "answered")->valueint, 6);
    c = cJSON_GetObjectItem(single, "counts");
    assert_int_equal(cJSON_GetArraySize(c), 3);
    assert_int_equal(cJSON_GetArrayItem(c, 1)->valueint, 6);
    assert_null(cJSON_GetObjectItem(single, "mean"));
    assert_int_equal(cJSON_GetObjectItem(single, "answered")->valueint, 6);
    cJSON *ts = cJSON_GetObjectItem(text, "texts");
    assert_int_equal(cJSON_GetArraySize(ts), 2);
    assert_string_equal(cJSON_GetArrayItem(ts, 1)->valuestring, "more lectures");
    assert_int_equal(cJSON_GetObjectItem(text, "answered")->valueint, 2);
    cJSON_Delete(j);
}

static void no_scale_answers_no_rate(void **s)
{
    (void)s;
    struct survey_question q[3];
    struct survey_tally_rows t = {counts + 3, 2, NULL, 0, 6, 6};
    questions(q);
    cJSON *j = survey_results_json(1, q, 3, &t, 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "satisfaction_rate")));
    cJSON *scale = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "questions"), 0);
    assert_float_equal(cJSON_GetObjectItem(scale, "mean")->valuedouble, 0.0, 1e-6);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backoff_doubles_up_to_an_hour),
        cmocka_unit_test(lease_covers_the_deadline_and_a_margin),
        cmocka_unit_test(only_2xx_delivers),
        cmocka_unit_test(suppressed_below_the_threshold),
        cmocka_unit_test(counts_mean_and_satisfaction),
        cmocka_unit_test(no_scale_answers_no_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
