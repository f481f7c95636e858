/* Branch terms and elections (2020 条例) through HTTP: who should attend is the roster
 * (formal members who may vote; the probationary and outsiders are not on it) less
 * approved exclusions, never typed in; the quorum (more than four fifths of them), the
 * 20% candidate margin, ballots (a void round voted again), a candidate elected by more
 * yes votes than half of the voting members present, a tie for the last seat and a
 * short round each followed by their round, temporary and functional branches refused
 * (409), the committee replaced by the elected, the previous term ended, terms-due (no
 * term, expiring, expired) and another office's 404. Office 532822 is written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static int idseq = 600;
/* The fixture of one test: a branch of six formal members who may vote, a probationary
 * member of it, and a member of no branch. */
static char branch[24], branch_name[64], m[6][24], probationary[24], outsider[24];
/* More members for the next election body (a comma first), or "". */
static const char *body_extra = "";

/* A member (in br, or none); joined: the admission day, NULL for an old record with no
 * dates (who may vote, standing.h). */
static void member_in(const char *br, const char *name, const char *joined, char *id, size_t n)
{
    char idno[19], extra[128];
    idno_seq(idno, "532822", "1944", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), "%s%s%s%s%s%s", joined ? ",\"joined_on\":\"" : "", joined ? joined : "",
             joined ? "\"" : "", br ? ",\"branch_id\":\"" : "", br ? br : "", br ? "\"" : "");
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
 * six voting members, a probationary member (admitted in March 2018: no vote in 2018)
 * and an outsider. */
static int branch_with_members(void **s)
{
    (void)s;
    static int n;
    const char *names[] = {"岩温", "玉香", "刀建国", "李秀英", "王德明", "张淑珍"};
    snprintf(branch_name, sizeof(branch_name), "勐海换届测试支部%d", ++n);
    branch_create(tok, branch_name, "regular", "community", branch, sizeof(branch));
    for (int i = 0; i < 6; i++) {
        member_in(branch, names[i], NULL, m[i], sizeof(m[i]));
    }
    member_in(branch, "预备党员岩罕", "2018-03-01", probationary, sizeof(probationary));
    member_in(NULL, "外支部党员", NULL, outsider, sizeof(outsider));
    return 0;
}

/* POSTs an election of the test's branch {starts_on, years 3, held_on, present, seats,
 * candidates, exclusions (when given), rounds} and expects status (and field). */
static void election(const char *starts, const char *held, int present, int seats, const char *cands,
                     const char *excl, const char *rounds, long status, const char *field)
{
    char path[64], body[4096];
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    snprintf(body, sizeof(body),
             "{\"starts_on\":\"%s\",\"years\":3,\"held_on\":\"%s\",\"present\":%d,\"seats\":%d,"
             "\"candidates\":[%s]%s%s%s,\"rounds\":[%s]%s}",
             starts, held, present, seats, cands, excl ? ",\"exclusions\":[" : "", excl ? excl : "",
             excl ? "]" : "", rounds, body_extra);
    if (field) {
        expect_field(status, "POST", path, tok, body, field);
    } else {
        expect(status, "POST", path, tok, body);
    }
}

/* Candidates {member_id, role} of the members m[i] for each i in idx[0..n) with roles. */
static void cands(char *out, size_t len, const int *idx, int n)
{
    static const char *const role[] = {"secretary",        "organisation",     "propaganda",
                                       "committee_member", "committee_member", "committee_member"};
    size_t at = 0;
    out[0] = '\0';
    for (int k = 0; k < n; k++) {
        at += (size_t)snprintf(out + at, len - at, "%s{\"member_id\":\"%s\",\"role\":\"%s\"}", k ? "," : "",
                               m[idx[k]], role[k]);
    }
}

/* A round {ballots_issued, ballots_returned, invalid_ballots, votes} with yes votes v[k]
 * for m[idx[k]] (k < n) appended to out. */
static void round_add(char *out, size_t len, int issued, int returned, int invalid, const int *idx,
                      const int *v, int n)
{
    size_t at = strlen(out);
    at += (size_t)snprintf(
        out + at, len - at,
        "%s{\"ballots_issued\":%d,\"ballots_returned\":%d,\"invalid_ballots\":%d,\"votes\":[", at ? "," : "",
        issued, returned, invalid);
    for (int k = 0; k < n; k++) {
        at += (size_t)snprintf(out + at, len - at, "%s{\"member_id\":\"%s\",\"votes\":%d}", k ? "," : "",
                               m[idx[k]], v[k]);
    }
    snprintf(out + at, len - at, "]}");
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

/* The string member name of j. */
static const char *str(const cJSON *j, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, name);
    assert_true(cJSON_IsString(it));
    return it->valuestring;
}
static int num(const cJSON *j, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, name);
    assert_true(cJSON_IsNumber(it));
    return it->valueint;
}

/* 2018, a whole election: six on the roster (the probationary member is not), two
 * excluded with approval (bedridden; abroad), so four should attend and four came —
 * without the exclusions four of six is no quorum. Four candidates for three seats (差额).
 * The first round is void (five ballots returned of four issued) and is voted again;
 * in the second, three yes votes of four present elect (the old rule, more than half of
 * six entitled, elected nobody with three). */
static void whole_election_with_exclusion_and_void_round(void **s)
{
    (void)s;
    char c[1024], x[512], rounds[2048], bad[2048], path[96];
    const int four[] = {0, 1, 2, 3}, three[] = {0, 1, 2}, v2[] = {4, 3, 3, 2}, v_over[] = {5, 3, 3, 2};
    cands(c, sizeof(c), four, 4);
    snprintf(x, sizeof(x),
             "{\"member_id\":\"%s\",\"reason\":\"frail_bedridden_or_long_ill\",\"approval_ref\":"
             "\"勐组函〔2018〕12号\"},"
             "{\"member_id\":\"%s\",\"reason\":\"abroad_over_six_months\",\"approval_ref\":"
             "\"勐组函〔2018〕12号\"}",
             m[4], m[5]);
    /* the roster on the day: the six, not the probationary member nor the outsider */
    snprintf(path, sizeof(path), "/v1/branches/%s/terms/roster?on=2018-06-28", branch);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(num(j, "count"), 6);
    char *text = cJSON_PrintUnformatted(j);
    assert_true(has_id(text, m[5]));
    assert_false(has_id(text, probationary));
    assert_false(has_id(text, outsider));
    free(text);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/terms/roster?on=2018-02-30", branch);
    expect_field(400, "GET", path, tok, NULL, "on");
    rounds[0] = '\0';
    round_add(rounds, sizeof(rounds), 4, 5, 0, four, v2, 0); /* void: more returned than issued */
    round_add(rounds, sizeof(rounds), 4, 4, 0, four, v2, 4);
    /* no exclusions: four present of six who should attend */
    election("2018-07-01", "2018-06-28", 4, 3, c, NULL, rounds, 422, "present");
    /* an exclusion needs the approval's reference, and a member of the roster */
    char noref[256];
    snprintf(noref, sizeof(noref), "{\"member_id\":\"%s\",\"reason\":\"frail_bedridden_or_long_ill\"}", m[4]);
    election("2018-07-01", "2018-06-28", 4, 3, c, noref, rounds, 422, "exclusions[0].approval_ref");
    snprintf(noref, sizeof(noref),
             "{\"member_id\":\"%s\",\"reason\":\"serving_sentence\",\"approval_ref\":\"x\"}", outsider);
    election("2018-07-01", "2018-06-28", 4, 3, c, noref, rounds, 422, "exclusions[0].member_id");
    snprintf(noref, sizeof(noref), "{\"member_id\":\"%s\",\"reason\":\"too_busy\",\"approval_ref\":\"x\"}",
             m[4]);
    election("2018-07-01", "2018-06-28", 4, 3, c, noref, rounds, 422, "exclusions[0].reason");
    /* 差额: three candidates for three seats */
    char c3[1024];
    cands(c3, sizeof(c3), three, 3);
    election("2018-07-01", "2018-06-28", 4, 3, c3, x, rounds, 422, "candidates");
    /* a probationary member and an outsider are not on the roster: neither may be elected */
    char cp[1200];
    snprintf(cp, sizeof(cp), "%s,{\"member_id\":\"%s\",\"role\":\"committee_member\"}", c, probationary);
    election("2018-07-01", "2018-06-28", 4, 3, cp, x, rounds, 422, "candidates[4].member_id");
    snprintf(cp, sizeof(cp), "%s,{\"member_id\":\"%s\",\"role\":\"committee_member\"}", c, outsider);
    election("2018-07-01", "2018-06-28", 4, 3, cp, x, rounds, 422, "candidates[4].member_id");
    /* the void round alone: vote again */
    bad[0] = '\0';
    round_add(bad, sizeof(bad), 4, 5, 0, four, v2, 0);
    election("2018-07-01", "2018-06-28", 4, 3, c, x, bad, 422, "rounds");
    /* the round after a void one stands the same candidates */
    bad[0] = '\0';
    round_add(bad, sizeof(bad), 4, 5, 0, four, v2, 0);
    round_add(bad, sizeof(bad), 4, 4, 0, three, v2, 3);
    election("2018-07-01", "2018-06-28", 4, 3, c, x, bad, 422, "rounds[1]");
    /* more yes votes than valid ballots; more invalid ballots than returned; ballots to more than present */
    bad[0] = '\0';
    round_add(bad, sizeof(bad), 4, 4, 0, four, v_over, 4);
    election("2018-07-01", "2018-06-28", 4, 3, c, x, bad, 422, "rounds[0].votes");
    bad[0] = '\0';
    round_add(bad, sizeof(bad), 4, 2, 3, four, v2, 4);
    election("2018-07-01", "2018-06-28", 4, 3, c, x, bad, 422, "rounds[0].invalid_ballots");
    bad[0] = '\0';
    round_add(bad, sizeof(bad), 5, 4, 0, four, v2, 4);
    election("2018-07-01", "2018-06-28", 4, 3, c, x, bad, 422, "rounds[0].ballots_issued");
    /* eligible is computed from the roster, never typed in */
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    expect_field(422, "POST", path, tok,
                 "{\"starts_on\":\"2018-07-01\",\"years\":3,\"held_on\":\"2018-06-28\",\"eligible\":6,"
                 "\"present\":6,\"seats\":1,\"candidates\":[],\"rounds\":[]}",
                 "eligible");
    election("2018-07-01", "2018-07-02", 4, 3, c, x, rounds, 422, "starts_on");
    body_extra = ",\"fewer_seats_agreed\":true"; /* not needed: every seat is filled, not kept */
    election("2018-07-01", "2018-06-28", 4, 3, c, x, rounds, 201, NULL);
    body_extra = "";
    j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_int_equal(num(t, "roster"), 6);
    assert_int_equal(num(t, "excluded"), 2);
    assert_int_equal(num(t, "eligible"), 4);
    assert_int_equal(num(t, "present"), 4);
    assert_int_equal(num(t, "seats"), 3);
    assert_int_equal(num(t, "votes_cast"), 4); /* the valid round's, not the void one's five */
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "fewer_seats_agreed")));
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(t, "exclusions");
    assert_int_equal(cJSON_GetArraySize(ex), 2);
    assert_string_equal(str(cJSON_GetArrayItem(ex, 0), "reason"), "frail_bedridden_or_long_ill");
    assert_string_equal(str(cJSON_GetArrayItem(ex, 0), "approval_ref"), "勐组函〔2018〕12号");
    const cJSON *rd = cJSON_GetObjectItemCaseSensitive(t, "rounds");
    assert_int_equal(cJSON_GetArraySize(rd), 2);
    assert_string_equal(str(cJSON_GetArrayItem(rd, 0), "outcome"), "void");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rd, 0), "votes")),
                     0);
    assert_string_equal(str(cJSON_GetArrayItem(rd, 1), "outcome"), "filled");
    assert_int_equal(num(cJSON_GetArrayItem(rd, 1), "ballots_returned"), 4);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rd, 1), "votes")),
                     4);
    const cJSON *it = NULL;
    int elected = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(t, "candidates"))
    {
        bool e = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "elected"));
        elected += e;
        assert_true(e ==
                    (strcmp(str(it, "member_id"), m[3]) != 0)); /* 2 of 4 present is not more than half */
    }
    assert_int_equal(elected, 3);
    cJSON_Delete(j);
    /* the committee (a cached read) is the elected */
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "committee")), 3);
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/branches/terms-due?months=0", tok, NULL);
    bool expired = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str(it, "branch_id"), branch) == 0) {
            expired = strcmp(str(it, "status"), "expired") == 0;
            assert_string_equal(str(it, "ends_on"), "2021-07-01");
        }
    }
    assert_true(expired);
    cJSON_Delete(j);
}

/* A tie for the last seat is voted again among the tied; a round that leaves a seat
 * empty is followed by one among the rest. The next election replaces the committee and
 * ends the previous term on the new start. Six present: 2018 three seats of four
 * candidates, 2024 two of three. */
static void tie_and_short_rounds_then_next_election(void **s)
{
    (void)s;
    char c[1024], rounds[2048], path[96];
    struct http_res r;
    const int four[] = {0, 1, 2, 3}, bcd[] = {1, 2, 3}, v1[] = {6, 4, 4, 4}, v2[] = {5, 4, 1};
    cands(c, sizeof(c), four, 4);
    rounds[0] = '\0';
    round_add(rounds, sizeof(rounds), 6, 6, 0, four, v1, 4); /* 6 elected; three with 4 tied for two seats */
    election("2018-07-01", "2018-06-28", 6, 3, c, NULL, rounds, 422, "rounds");
    round_add(rounds, sizeof(rounds), 6, 6, 0, bcd, v2, 3);
    election("2018-07-01", "2018-06-28", 6, 3, c, NULL, rounds, 201, NULL);
    /* 2024: only one has more than three yes votes of six present (one ballot invalid); the further round
     * among the other two */
    const int def[] = {3, 4, 5}, ef[] = {4, 5}, w1[] = {5, 3, 2}, w2[] = {4, 2};
    cands(c, sizeof(c), def, 3);
    rounds[0] = '\0';
    round_add(rounds, sizeof(rounds), 6, 6, 1, def, w1, 3);
    election("2024-01-01", "2023-12-28", 6, 2, c, NULL, rounds, 422, "rounds");
    round_add(rounds, sizeof(rounds), 6, 6, 0, ef, w2, 2);
    election("2024-01-01", "2023-12-28", 6, 2, c, NULL, rounds, 201, NULL);
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, m[3]));
    assert_non_null(strstr(r.body, m[4]));
    assert_null(strstr(r.body, "刀建国")); /* m[2], not re-elected */
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 2);
    assert_string_equal(str(cJSON_GetArrayItem(items, 1), "ended_on"), "2024-01-01");
    assert_string_equal(str(cJSON_GetArrayItem(items, 0), "ends_on"), "2027-01-01");
    const cJSON *rd = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "rounds");
    assert_string_equal(str(cJSON_GetArrayItem(rd, 0), "outcome"), "short");
    assert_int_equal(num(cJSON_GetArrayItem(rd, 1), "seats"), 1);
    rd = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 1), "rounds");
    assert_string_equal(str(cJSON_GetArrayItem(rd, 0), "outcome"), "tie");
    assert_string_equal(str(cJSON_GetArrayItem(rd, 1), "outcome"), "filled");
    cJSON_Delete(j);
    /* ends 2027-01-01: due within 6 months only from mid-2026 on; within 60 months surely */
    assert_int_equal(jreq("GET", "/v1/branches/terms-due?months=60", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, branch_name));
    http_free(&r);
}

/* Seats left empty after a short last round stand only with the members' consent:
 * six present, three seats, two elected. */
static void fewer_seats_with_the_members_consent(void **s)
{
    (void)s;
    char c[1024], rounds[1024], path[96];
    const int four[] = {0, 1, 2, 3}, v[] = {5, 4, 2, 1};
    cands(c, sizeof(c), four, 4);
    rounds[0] = '\0';
    round_add(rounds, sizeof(rounds), 6, 6, 0, four, v, 4);
    body_extra = ",\"fewer_seats_agreed\":false";
    election("2024-01-01", "2023-12-28", 6, 3, c, NULL, rounds, 422, "rounds");
    body_extra = ",\"fewer_seats_agreed\":true";
    election("2024-01-01", "2023-12-28", 6, 3, c, NULL, rounds, 201, NULL);
    body_extra = "";
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", branch);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "fewer_seats_agreed")));
    assert_int_equal(num(t, "seats"), 3);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "committee")), 2);
    cJSON_Delete(j);
}

/* RULES.md, Temporary and functional branches: no elections there (409 naming the rule). */
static void temporary_and_functional_branches_hold_no_elections(void **s)
{
    (void)s;
    char tmp[24], fn[24], path[96];
    struct http_res r;
    const char *body = "{\"starts_on\":\"2024-01-01\",\"years\":3,\"held_on\":\"2023-12-28\",\"present\":1,"
                       "\"seats\":1,\"candidates\":[],\"rounds\":[]}";
    branch_create(tok, "老年大学书法班临时支部", "temporary", "university_class", tmp, sizeof(tmp));
    branch_create(tok, "银发合唱团功能支部", "functional", "activity_team", fn, sizeof(fn));
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", tmp);
    assert_int_equal(jreq("POST", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "temporary branches hold no elections"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/branches/%s/terms", fn);
    assert_int_equal(jreq("POST", path, tok, body, &r), 409);
    assert_non_null(strstr(r.body, "functional branches"));
    http_free(&r);
    expect(200, "GET", path, tok, NULL); /* their (empty) list of terms is still there */
    snprintf(path, sizeof(path), "/v1/branches/%s/terms/roster", tmp);
    expect_problem(409, "GET", path, tok, NULL);
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
    snprintf(path, sizeof(path), "/v1/branches/%s/terms/roster", branch);
    expect(404, "GET", path, tok_other, NULL);
    expect(200, "GET", path, tok, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(branch_without_a_term_is_due, branch_with_members),
        cmocka_unit_test_setup(whole_election_with_exclusion_and_void_round, branch_with_members),
        cmocka_unit_test_setup(tie_and_short_rounds_then_next_election, branch_with_members),
        cmocka_unit_test_setup(fewer_seats_with_the_members_consent, branch_with_members),
        cmocka_unit_test(temporary_and_functional_branches_hold_no_elections),
        cmocka_unit_test(terms_due_window_ends_months_later),
        cmocka_unit_test_setup(another_office_gets_404, branch_with_members),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
