/* Branch terms and elections through HTTP, and the vote count as pure logic: the quorum
 * (more than four fifths present), election by more than half of those entitled, seats
 * by votes and a tie for the last seat, candidates only from the formal members, the
 * committee replaced by the elected, the previous term ended, terms-due (no term,
 * expiring, expired) and another office's 404. Office 532822 is written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static int idseq = 600;
/* The fixture of one test: a branch of six formal members, and a member of no branch. */
static char branch[24], branch_name[64], m[6][24], outsider[24];

static void member_in(const char *br, const char *name, char *id, size_t n)
{
    char idno[19], extra[96];
    idno_seq(idno, "532822", "1944", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1968-07-01\"%s%s%s", br ? ",\"branch_id\":\"" : "",
             br ? br : "", br ? "\"" : "");
    member_create(tok, name, idno, "retired", extra, id, n);
}

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/terms-server.log");
    login("532822", "admin", "demo-532822-pass", tok, sizeof(tok), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* Each test's own branch (named after the test, so terms-due lists tell them apart), its
 * six members and an outsider. */
static int branch_with_members(void **s)
{
    (void)s;
    static int n;
    const char *names[] = {"岩温", "玉香", "刀建国", "李秀英", "王德明", "张淑珍"};
    snprintf(branch_name, sizeof(branch_name), "勐海换届测试支部%d", ++n);
    branch_create(tok, branch_name, "regular", "community", branch, sizeof(branch));
    for (int i = 0; i < 6; i++) {
        member_in(branch, names[i], m[i], sizeof(m[i]));
    }
    member_in(NULL, "外支部党员", outsider, sizeof(outsider));
    return 0;
}

static void election(const char *starts, int years, const char *held, int eligible, int present, int cast, int seats,
                     const char *cands, long status, const char *field)
{
    char path[64], body[2048];
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    snprintf(body, sizeof(body),
             "{\"starts_on\":\"%s\",\"years\":%d,\"held_on\":\"%s\",\"eligible\":%d,\"present\":%d,\"votes_"
             "cast\":%d,"
             "\"seats\":%d,\"candidates\":[%s]}",
             starts, years, held, eligible, present, cast, seats, cands);
    if (field) {
        expect_field(status, "POST", path, tok, body, field);
    } else {
        expect(status, "POST", path, tok, body);
    }
}

/* The 2018 election's candidates: six entitled, four candidates for three seats. */
static void first_candidates(char *c, size_t n)
{
    snprintf(c, n,
             "{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":6},{\"member_id\":\"%s\",\"role\":"
             "\"organisation\",\"votes\":5},"
             "{\"member_id\":\"%s\",\"role\":\"propaganda\",\"votes\":4},{\"member_id\":\"%s\",\"role\":"
             "\"committee_member\",\"votes\":2}",
             m[0], m[1], m[2], m[3]);
}

/* A branch without a term shows as due. */
static void branch_without_a_term_is_due(void **s)
{
    (void)s;
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/branches/terms-due?months=6", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, branch_name));
    assert_non_null(strstr(r.body, "\"status\":\"no_term\""));
    http_free(&r);
}

/* 2018: six entitled, a three-year term (expired long ago): the quorum, the election day
 * before the start, more than half of the votes to be elected. */
static void first_election_quorum_and_majority(void **s)
{
    (void)s;
    char c[1024], path[96];
    first_candidates(c, sizeof(c));
    election("2018-07-01", 3, "2018-06-28", 6, 4, 4, 3, c, 422, "present"); /* 4 of 6 is not more than four fifths */
    election("2018-07-01", 3, "2018-06-28", 6, 7, 6, 3, c, 422, "present");
    election("2018-07-01", 3, "2018-07-02", 6, 6, 6, 3, c, 422, "starts_on");
    election("2018-07-01", 3, "2018-06-28", 6, 6, 6, 3, c, 201, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *com = cJSON_GetObjectItemCaseSensitive(j, "committee");
    assert_int_equal(cJSON_GetArraySize(com), 3); /* 2 votes of 6 is not enough: three elected */
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/branches/terms-due?months=0", tok, NULL);
    const cJSON *it = NULL;
    bool expired = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "branch_id")->valuestring, branch) == 0) {
            expired = strcmp(cJSON_GetObjectItemCaseSensitive(it, "status")->valuestring, "expired") == 0;
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(it, "ends_on")->valuestring, "2021-07-01");
        }
    }
    assert_true(expired);
    cJSON_Delete(j);
}

/* The next election after the 2018 term: candidates are formal members, roles and ties
 * checked; the committee is the newly elected and the old term ended on the new start. */
static void next_election_replaces_the_committee(void **s)
{
    (void)s;
    char c[1024], path[96];
    struct http_res r;
    first_candidates(c, sizeof(c));
    election("2018-07-01", 3, "2018-06-28", 6, 6, 6, 3, c, 201, NULL);
    snprintf(c, sizeof(c), "{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":6}", outsider);
    election("2024-01-01", 3, "2023-12-28", 6, 6, 6, 1, c, 422, "candidates[0].member_id");
    snprintf(c, sizeof(c), "{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":5},{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":5}",
             m[4], m[5]);
    election("2024-01-01", 3, "2023-12-28", 6, 6, 6, 2, c, 422, "candidates"); /* two secretaries */
    election("2024-01-01", 3, "2023-12-28", 6, 6, 6, 1, c, 422, "candidates"); /* a tie for the one seat */
    snprintf(c, sizeof(c), "{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":7}", m[4]);
    election("2024-01-01", 3, "2023-12-28", 6, 6, 6, 1, c, 422, "candidates[0].votes"); /* more votes than cast */
    snprintf(c, sizeof(c),
             "{\"member_id\":\"%s\",\"role\":\"secretary\",\"votes\":6},{\"member_id\":\"%s\",\"role\":\"organisation\",\"votes\":4},"
             "{\"member_id\":\"%s\",\"role\":\"propaganda\",\"votes\":3}",
             m[4], m[5], m[0]);
    election("2024-01-01", 3, "2023-12-28", 6, 6, 6, 3, c, 201, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, m[4]));
    assert_null(strstr(r.body, "刀建国")); /* m[2], not re-elected */
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 1), "ended_on")->valuestring, "2024-01-01");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "ends_on")->valuestring, "2027-01-01");
    cJSON_Delete(j);
    /* ends 2027-01-01: due within 6 months only from mid-2026 on; within 60 months surely */
    assert_int_equal(jreq("GET", "/v1/branches/terms-due?months=60", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, branch_name));
    http_free(&r);
}

/* The window ends the same day months later, or on that month's last day when it is
 * shorter: months=0 is today (it was the 28th on the 29th, 30th and 31st of a month). */
static void terms_due_window_ends_months_later(void **s)
{
    (void)s;
    struct http_res r;
    char today[11], want[48], due[48];
    test_today(today);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int months = 0; months <= 12; months += 1) {
        int k = atoi(today) * 12 + atoi(today + 5) - 1 + months, ty = k / 12, tm = k % 12 + 1;
        int last = mdays[tm - 1] + (tm == 2 && ty % 4 == 0), d = atoi(today + 8);
        snprintf(due, sizeof(due), "/v1/branches/terms-due?months=%d", months);
        assert_int_equal(jreq("GET", due, tok, NULL, &r), 200);
        snprintf(want, sizeof(want), "\"until\":\"%04u-%02u-%02u\"", (unsigned)ty % 10000u,
                 (unsigned)tm % 100u, (unsigned)(d > last ? last : d) % 100u);
        assert_non_null(strstr(r.body, want));
        if (months == 0) {
            snprintf(want, sizeof(want), "\"until\":\"%s\"", today);
            assert_non_null(strstr(r.body, want));
        }
        http_free(&r);
    }
    expect(400, "GET", "/v1/branches/terms-due?months=99", tok, NULL);
}

static void another_office_gets_404(void **s)
{
    (void)s;
    char path[96];
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "POST", path, tok_other, "{}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(branch_without_a_term_is_due, branch_with_members),
        cmocka_unit_test_setup(first_election_quorum_and_majority, branch_with_members),
        cmocka_unit_test_setup(next_election_replaces_the_committee, branch_with_members),
        cmocka_unit_test(terms_due_window_ends_months_later),
        cmocka_unit_test_setup(another_office_gets_404, branch_with_members),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
