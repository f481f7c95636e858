/* Points with limits (issue 16) through HTTP against the built binary: the office's day
 * and year caps cut what confirmed claims and check-outs credit, the cut shows on the
 * volunteer's points page, redemptions are not capped, concurrent confirmations never
 * pass a cap and the balance stays the ledger's sum. Office 532800 (西双版纳州) is written here
 * (its caps and rate are put back at the end); 440000 is the other office whose token
 * must see nothing. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok[2048];       /* 532800 admin */
static char tok_other[2048]; /* 440000 admin: another office */
static char team[24];
static int phone_seq = 0;
static int past_slot = 0; /* events of a volunteer must not overlap: each claim its own past slot */

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/vpoints-server.log");
    login("532800", "admin", "demo-532800-pass", tok, sizeof(tok), NULL, 0);
    login("440000", "admin", "demo-440000-pass", tok_other, sizeof(tok_other), NULL, 0);
    team_create(tok, "积分上限测试队", "care", team, sizeof(team));
    return 0;
}

/* The office's caps (a negative one: none) through PATCH /v1/volunteer-settings. */
static void set_caps(int64_t day, int64_t year)
{
    char ifm[40], body[96], d[24] = "null", y[24] = "null";
    if (day >= 0) {
        snprintf(d, sizeof(d), "%lld", (long long)day);
    }
    if (year >= 0) {
        snprintf(y, sizeof(y), "%lld", (long long)year);
    }
    if_match("/v1/volunteer-settings", tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"points_day_cap\":%s,\"points_year_cap\":%s}", d, y);
    expect_with(200, "PATCH", "/v1/volunteer-settings", tok, body, h);
}

/* The office's points for an hour of service. */
static void set_rate(int pph)
{
    char ifm[40], body[64];
    if_match("/v1/offices/532800", tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    snprintf(body, sizeof(body), "{\"points_per_hour\":%d}", pph);
    expect_with(200, "PATCH", "/v1/offices/532800", tok, body, h);
}

static int teardown(void **s)
{
    set_caps(-1, -1);
    set_rate(10);
    return api_stop(s);
}

/* A volunteer of 532800 who is not a member. */
static void volunteer(char *id, size_t idlen)
{
    char body[256];
    phone_seq++;
    snprintf(body, sizeof(body), "{\"name\":\"积分志愿者%d\",\"phone\":\"1369360%04d\"}", phone_seq,
             phone_seq);
    post_created("/v1/volunteers", tok, body, id, idlen);
}

/* An open event of 532800 from start_h to start_h + hours (hours from now) with vid
 * signed up. */
static void event_with(const char *vid, int start_h, int hours, char *ev, size_t evlen)
{
    char body[512], from[32], to[32], path[96];
    test_cn_at((int64_t)start_h * 3600, from);
    test_cn_at((int64_t)(start_h + hours) * 3600, to);
    snprintf(body, sizeof(body),
             "{\"title\":\"陪伴老人\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"景洪市\","
             "\"capacity\":20,"
             "\"status\":\"open\",\"team_id\":\"%s\"}",
             from, to, team);
    post_created("/v1/volunteer-events", tok, body, ev, evlen);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok, body);
}

/* A pending claim of minutes by vid for a past event; its id. */
static void claim(const char *vid, int minutes, char *hid, size_t hidlen)
{
    char ev[24], path[96], body[96];
    event_with(vid, -30 - 6 * ++past_slot, 5, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"minutes\":%d,\"volunteer_id\":\"%s\"}", minutes, vid);
    post_created(path, tok, body, hid, hidlen);
}

static void confirm(const char *hid)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(200, "POST", path, tok, NULL);
}

/* The volunteer's points page (the caller deletes it). */
static cJSON *points_page(const char *vid)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points?limit=100", vid);
    return expect_json(200, "GET", path, tok, NULL);
}

static double num(const cJSON *j, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, name);
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

static const char *str(const cJSON *j, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, name);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* Entry i (0: the newest) of a points page. */
static const cJSON *entry(const cJSON *page, int i)
{
    const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(page, "items"), i);
    assert_non_null(it);
    return it;
}

/* The balance is the sum of the ledger's entries and no entry left it negative. */
static void assert_balance_is_ledger_sum(const cJSON *page)
{
    double sum = 0;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(page, "items"))
    {
        sum += num(it, "delta");
        assert_true(num(it, "balance_after") >= 0);
    }
    assert_true(num(page, "balance") == sum);
}

static void day_cap_cuts_claims_and_shows_on_the_page(void **s)
{
    (void)s;
    char vid[24], h1[24], h2[24], h3[24], path[96], today[11];
    set_caps(40, -1);
    volunteer(vid, sizeof(vid));
    claim(vid, 120, h1, sizeof(h1)); /* 20 points at 10 an hour */
    claim(vid, 180, h2, sizeof(h2)); /* 30 */
    claim(vid, 60, h3, sizeof(h3));  /* 10 */
    confirm(h1);
    confirm(h2);
    confirm(h3);
    cJSON *p = points_page(vid);
    assert_true(num(p, "balance") == 40);
    assert_true(num(p, "earned_today") == 40);
    assert_true(num(p, "earned_this_year") == 40);
    assert_true(num(p, "points_day_cap") == 40);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "points_year_cap")));
    /* newest first: all withheld, half withheld, credited in full */
    assert_true(num(entry(p, 0), "delta") == 0 && num(entry(p, 0), "capped") == 10);
    assert_string_equal(str(entry(p, 0), "capped_by"), "day");
    assert_string_equal(str(entry(p, 0), "hours_id"), h3);
    assert_true(num(entry(p, 1), "delta") == 20 && num(entry(p, 1), "capped") == 10);
    assert_string_equal(str(entry(p, 1), "capped_by"), "day");
    assert_non_null(strstr(str(entry(p, 1), "note"), "每日积分上限40分"));
    assert_true(num(entry(p, 2), "delta") == 20 && num(entry(p, 2), "capped") == 0);
    assert_null(str(entry(p, 2), "capped_by"));
    assert_null(str(entry(p, 2), "note"));
    /* the day counted is today in China time */
    test_today(today);
    assert_string_equal(str(entry(p, 2), "earned_on"), today);
    assert_balance_is_ledger_sum(p);
    cJSON_Delete(p);
    /* redemptions are not capped, and do not give back room under the cap */
    snprintf(path, sizeof(path), "/v1/volunteers/%s/redemptions", vid);
    expect(201, "POST", path, tok, "{\"points\":35,\"note\":\"兑换米面油\"}");
    p = points_page(vid);
    assert_true(num(p, "balance") == 5);
    assert_true(num(p, "earned_today") == 40);
    assert_null(str(entry(p, 0), "earned_on"));
    assert_true(num(entry(p, 0), "capped") == 0);
    assert_balance_is_ledger_sum(p);
    cJSON_Delete(p);
    /* no caps: everything is credited again */
    set_caps(-1, -1);
    claim(vid, 60, h1, sizeof(h1));
    confirm(h1);
    p = points_page(vid);
    assert_true(num(p, "balance") == 15);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "points_day_cap")));
    assert_true(num(entry(p, 0), "delta") == 10 && num(entry(p, 0), "capped") == 0);
    cJSON_Delete(p);
}

static void year_cap_cuts_a_check_out(void **s)
{
    (void)s;
    char vid[24], hid[24], ev[24], path[96], body[96];
    struct http_res r;
    set_caps(-1, 45);
    volunteer(vid, sizeof(vid));
    claim(vid, 240, hid, sizeof(hid)); /* 40 */
    confirm(hid);
    /* staff attendance: in and out at once is one minute, 10 points at 600 an hour */
    set_rate(600);
    event_with(vid, -1, 2, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/attendance", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\",\"reason\":\"老人未带手机\"}",
             vid);
    expect(200, "POST", path, tok, body);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"out\",\"reason\":\"老人未带手机\"}",
             vid);
    assert_int_equal(jreq("POST", path, tok, body, &r), 200);
    assert_non_null(strstr(r.body, "\"points_balance\":45"));
    http_free(&r);
    set_rate(10);
    cJSON *p = points_page(vid);
    assert_true(num(p, "balance") == 45);
    assert_true(num(p, "earned_this_year") == 45);
    assert_true(num(p, "points_year_cap") == 45);
    assert_true(num(entry(p, 0), "delta") == 5 && num(entry(p, 0), "capped") == 5);
    assert_string_equal(str(entry(p, 0), "capped_by"), "year");
    assert_non_null(strstr(str(entry(p, 0), "note"), "每年积分上限45分"));
    assert_balance_is_ledger_sum(p);
    cJSON_Delete(p);
    /* another office sees neither the volunteer nor its points */
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points", vid);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(404, "POST", path, tok_other, NULL);
}

struct confirmer {
    char hid[24];
    long status;
};

static void *confirm_racing(void *x)
{
    struct confirmer *c = x;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s/v1/volunteer-hours/%s/confirm", api_base, c->hid);
    c->status = http_do("POST", url, h, NULL, 0, &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void concurrent_confirmations_never_pass_the_cap(void **s)
{
    (void)s;
    enum { N = 8 };
    struct confirmer cs[N];
    pthread_t th[N];
    char vid[24];
    set_caps(50, 1000);
    volunteer(vid, sizeof(vid));
    for (int i = 0; i < N; i++) {
        claim(vid, 60, cs[i].hid, sizeof(cs[i].hid)); /* 10 points each, 80 in all */
    }
    for (int i = 0; i < N; i++) {
        pthread_create(&th[i], NULL, confirm_racing, &cs[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(cs[i].status, 200);
    }
    cJSON *p = points_page(vid);
    assert_true(num(p, "balance") == 50);
    assert_true(num(p, "earned_today") == 50);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "items")), N);
    int full = 0, none = 0;
    double capped = 0;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "items"))
    {
        full += num(it, "delta") == 10;
        none += num(it, "delta") == 0 && num(it, "capped") == 10;
        capped += num(it, "capped");
    }
    assert_int_equal(full, 5);
    assert_int_equal(none, 3);
    assert_true(capped == 30);
    assert_balance_is_ledger_sum(p);
    cJSON_Delete(p);
    /* the counts the cap reads are the ledger's: the same from the database */
    struct db_param q[] = {P_STR(vid)};
    assert_int_equal(test_db_count("SELECT SUM(delta) FROM points_ledger WHERE volunteer_id = ?", q, 1), 50);
    assert_int_equal(test_db_count("SELECT points_balance FROM volunteers WHERE id = ?", q, 1), 50);
}

/* Two fresh volunteers' claims confirmed at once, pair after pair: the caps' counts are
 * each volunteer's own (sql/0054), so neighbours never deadlock over a range of the
 * ledger (a 503) and each is credited its own points. */
static void confirmations_of_two_volunteers_at_once_both_pass(void **s)
{
    (void)s;
    enum { PAIRS = 6 };
    set_caps(50, 1000);
    for (int i = 0; i < PAIRS; i++) {
        struct confirmer cs[2];
        pthread_t th[2];
        char vid[2][24];
        for (int k = 0; k < 2; k++) {
            volunteer(vid[k], sizeof(vid[k]));
        }
        for (int k = 0; k < 2; k++) {
            claim(vid[k], 60, cs[k].hid, sizeof(cs[k].hid)); /* 10 points */
        }
        for (int k = 0; k < 2; k++) {
            pthread_create(&th[k], NULL, confirm_racing, &cs[k]);
        }
        for (int k = 0; k < 2; k++) {
            pthread_join(th[k], NULL);
            assert_int_equal(cs[k].status, 200);
        }
        for (int k = 0; k < 2; k++) {
            cJSON *p = points_page(vid[k]);
            assert_true(num(p, "balance") == 10);
            assert_true(num(p, "earned_today") == 10);
            assert_true(num(p, "earned_this_year") == 10);
            assert_balance_is_ledger_sum(p);
            cJSON_Delete(p);
        }
    }
}

/* A correction of a capped entry with the same minutes moves no points: the 20 the day's
 * cap withheld stay withheld (they are not "credited less than worth" to hand back). */
static void same_minutes_correction_of_a_capped_entry_moves_nothing(void **s)
{
    (void)s;
    char vid[24], hid[24], path[96];
    set_caps(30, -1);
    volunteer(vid, sizeof(vid));
    claim(vid, 300, hid, sizeof(hid)); /* 50 points, 30 credited */
    confirm(hid);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", hid);
    set_caps(-1, -1); /* no cap would hold a rise back now */
    cJSON *c = expect_json(201, "POST", path, tok, "{\"minutes\":300,\"reason\":\"核对签到表，时长无误\"}");
    assert_true(num(c, "points_delta") == 0);
    assert_true(num(c, "points_balance") == 30);
    cJSON_Delete(c);
    cJSON *p = points_page(vid);
    assert_true(num(p, "balance") == 30);
    assert_balance_is_ledger_sum(p);
    cJSON_Delete(p);
}

/* Bad caps are refused naming the field; another office's caps stay its own. */
static void bad_caps_refused_and_caps_are_the_office_s(void **s)
{
    (void)s;
    char ifm[40];
    cJSON *other = expect_json(200, "GET", "/v1/volunteer-settings", tok_other, NULL);
    set_caps(40, -1);
    if_match("/v1/volunteer-settings", tok, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    static const char *const bad[][2] = {
        {"{\"points_day_cap\":-1}", "points_day_cap"},
        {"{\"points_day_cap\":\"十\"}", "points_day_cap"},
        {"{\"points_day_cap\":2.5}", "points_day_cap"},
        {"{\"points_year_cap\":10000001}", "points_year_cap"},
        {"{\"points_year_cap\":true}", "points_year_cap"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct http_res r;
        assert_int_equal(req("PATCH", "/v1/volunteer-settings", tok, "application/json", bad[i][0], h, &r),
                         422);
        char want[64];
        snprintf(want, sizeof(want), "\"field\":\"%s\"", bad[i][1]);
        if (strstr(r.body, want) == NULL) {
            fprintf(stderr, "%s -> %s\n", bad[i][0], r.body);
        }
        assert_non_null(strstr(r.body, want));
        http_free(&r);
    }
    /* 440000's caps are as they were (whatever they are): 532800's are not its */
    cJSON *j = expect_json(200, "GET", "/v1/volunteer-settings", tok_other, NULL);
    assert_true(cJSON_Compare(j, other, true));
    cJSON_Delete(j);
    cJSON_Delete(other);
    j = expect_json(200, "GET", "/v1/volunteer-settings", tok, NULL);
    assert_true(num(j, "points_day_cap") == 40);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_cap_cuts_claims_and_shows_on_the_page),
        cmocka_unit_test(year_cap_cuts_a_check_out),
        cmocka_unit_test(concurrent_confirmations_never_pass_the_cap),
        cmocka_unit_test(confirmations_of_two_volunteers_at_once_both_pass),
        cmocka_unit_test(same_minutes_correction_of_a_capped_entry_moves_nothing),
        cmocka_unit_test(bad_caps_refused_and_caps_are_the_office_s),
    };
    return cmocka_run_group_tests_name("points with limits", tests, setup, teardown);
}
