/* Care and honours through HTTP: the due list's rules on fixed dates (a birthday across
 * the year end, a leap-day birth, round birthdays, lunar birthdays, the holiday round
 * computed by the lunar calendar and the office's own days), retirees only, items cleared
 * only by a visit for their reason, hospitalised, homebound and hardship members, visits
 * with sealed notes, the fifty-years cut-off, and another office's 404s. Office 440000 is
 * written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048];
static int seq = 300;

/* A member of 440000 born on ymd (YYYYMMDD); extra is more JSON members. */
static void member(const char *name, const char *ymd, const char *extra, char *id, size_t idlen)
{
    char idno[19];
    idno_make(idno, "440000", ymd, (unsigned)seq++);
    member_create(tok, name, idno, "retired", extra, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/care-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* The kind of member id's entry in the due list (NULL when not listed). */
static char *due_kind(const char *query, const char *id, const char *kind_filter)
{
    struct http_res r;
    char path[160];
    static char kind[32];
    snprintf(path, sizeof(path), "/v1/care/due%s", query);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    char *found = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const char *k = cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring;
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, id) == 0 &&
            (kind_filter == NULL || strstr(k, kind_filter) != NULL)) {
            snprintf(kind, sizeof(kind), "%s", k);
            found = kind;
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    return found;
}

static void visit_on(const char *member_id, const char *reason, const char *day)
{
    char body[256], id[24];
    snprintf(body, sizeof(body),
             "{\"member_ids\":[\"%s\"],\"reason\":\"%s\",\"visited_on\":\"%.10s\",\"visitors\":\"局长\","
             "\"gift_fen\":50000}",
             member_id, reason, day);
    post_created("/v1/visits", tok, body, id, sizeof(id));
}

static void visit(const char *member_id, const char *reason)
{
    char today[11];
    test_today(today);
    visit_on(member_id, reason, today);
}

/* The due list without a date is today's on the service's clock (make test runs this
 * pinned at the first hour of a month, at the turn of the year in China time and on 29
 * February): a member 80 today is due today, one whose birthday was yesterday is not;
 * a homebound member visited yesterday is due again when today starts a month, and one
 * with hardship when today starts a quarter. */
static void due_list_follows_the_clock(void **s)
{
    (void)s;
    struct http_res r;
    char today[11], yesterday[26], born[9], want[32], bday[24], yday[24], home[24], hard[24];
    test_today(today);
    test_cn_at(-86400, yesterday);
    assert_int_equal(jreq("GET", "/v1/care/due", tok, NULL, &r), 200);
    snprintf(want, sizeof(want), "\"date\":\"%s\"", today);
    assert_non_null(strstr(r.body, want));
    http_free(&r);
    /* 80 years before today is a real date, 29 February included (1948 was leap) */
    snprintf(born, sizeof(born), "%04u%.2s%.2s", (unsigned)(atoi(today) - 80) % 10000u, today + 5, today + 8);
    member("今日寿星", born, "", bday, sizeof(bday));
    snprintf(born, sizeof(born), "%04u%.2s%.2s", (unsigned)(atoi(yesterday) - 80) % 10000u, yesterday + 5,
             yesterday + 8);
    member("昨日寿星", born, "", yday, sizeof(yday));
    const char *kind = due_kind("?reveal=true&days=1", bday, "birthday");
    assert_non_null(kind);
    assert_string_equal(kind, "round_birthday");
    assert_null(due_kind("?reveal=true&days=7", yday, "birthday"));
    member("居家跨月", "19400808", ",\"health\":\"homebound\"", home, sizeof(home));
    member("困难跨季", "19400909", ",\"hardship\":true", hard, sizeof(hard));
    visit_on(home, "home_service", yesterday);
    visit_on(hard, "hardship", yesterday);
    bool new_month = strcmp(today + 8, "01") == 0;
    bool new_quarter = new_month && (atoi(today + 5) - 1) % 3 == 0;
    assert_true((due_kind("", home, "homebound") != NULL) == new_month);
    assert_true((due_kind("", hard, "hardship") != NULL) == new_quarter);
}

static void birthdays_on_fixed_dates(void **s)
{
    (void)s;
    char a[24], b[24], c[24], d[24];
    member("跨年甲", "19461230", "", a, sizeof(a));
    member("跨年乙", "19470102", "", b, sizeof(b));
    member("闰日丙", "19440229", "", c, sizeof(c));
    member("远丁", "19460315", "", d, sizeof(d));
    /* 28 December: the 30 December birthday (80, round) and 2 January (80, next year) */
    const char *kind = due_kind("?reveal=true&date=2026-12-28&days=7", a, "birthday");
    assert_non_null(kind);
    assert_string_equal(kind, "round_birthday");
    kind = due_kind("?reveal=true&date=2026-12-28&days=7", b, "birthday");
    assert_non_null(kind);
    assert_string_equal(kind, "round_birthday");
    assert_null(due_kind("?reveal=true&date=2026-12-28&days=7", d, "birthday"));
    assert_null(due_kind("?reveal=true&date=2026-12-28&days=3", b, "birthday")); /* 2 January is 5 days away */
    /* born on 29 February: in a common year the birthday is on 28 February */
    kind = due_kind("?reveal=true&date=2027-02-25&days=4", c, "birthday");
    assert_non_null(kind);
    assert_string_equal(kind, "birthday"); /* 83: not round */
    assert_null(due_kind("?reveal=true&date=2027-02-25&days=3", c, "birthday"));
    assert_non_null(due_kind("?reveal=true&date=2028-02-28&days=2", c, "birthday")); /* 2028 is leap: the 29th */
    assert_null(due_kind("?reveal=true&date=2028-02-28&days=1", c, "birthday"));
}

/* The entry of member id in a due list as compact JSON (caller frees; NULL if absent). */
static char *due_entry_json(const char *query, const char *id)
{
    struct http_res r;
    char path[160], *out = NULL;
    snprintf(path, sizeof(path), "/v1/care/due%s", query);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, id) == 0 &&
            strstr(cJSON_GetObjectItemCaseSensitive(it, "kind")->valuestring, "birthday") != NULL) {
            out = cJSON_PrintUnformatted(it);
        }
    }
    cJSON_Delete(j);
    http_free(&r);
    return out;
}

/* Masked, the due list knows birthdays by month only: a member born on 30 December is
 * listed all December, passed or not, the same entry every day, with due_month and no
 * due_on, and not on 30 November with a one-day window; so no run of lists over dates and
 * windows tells the day (which with the division code and birth year would leave ~500 ID
 * numbers). With reveal=true (pii:read) the day is shown and the read audited. */
static void masked_birthdays_by_month(void **s)
{
    (void)s;
    struct http_res r;
    char m[24];
    member("腊月寿星", "19461230", "", m, sizeof(m));
    char *first = due_entry_json("?date=2026-12-01&days=1", m);
    char *last = due_entry_json("?date=2026-12-31&days=1", m);
    char *day_of = due_entry_json("?date=2026-12-30&days=1", m);
    assert_non_null(first);
    assert_non_null(last);
    assert_non_null(day_of);
    assert_string_equal(first, last);
    assert_string_equal(first, day_of);
    assert_non_null(strstr(first, "\"due_on\":null"));
    assert_non_null(strstr(first, "\"due_month\":\"2026-12\""));
    assert_non_null(strstr(first, "\"kind\":\"round_birthday\""));
    assert_null(strstr(first, "12-30"));
    free(first);
    free(last);
    free(day_of);
    assert_null(due_entry_json("?date=2026-11-30&days=1", m));
    char *spans = due_entry_json("?date=2026-11-30&days=2", m);
    assert_non_null(spans);
    free(spans);
    assert_null(due_entry_json("?date=2027-01-01&days=30", m));
    /* revealed: the day, audited */
    char *exact = due_entry_json("?reveal=true&date=2026-12-01&days=30", m);
    assert_non_null(exact);
    assert_non_null(strstr(exact, "\"due_on\":\"2026-12-30\""));
    free(exact);
    assert_null(due_entry_json("?reveal=true&date=2026-12-01&days=29", m));
    assert_int_equal(jreq("GET", "/v1/audit?action=care.due_reveal", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"care.due_reveal\""));
    http_free(&r);
    expect_field(400, "GET", "/v1/care/due?reveal=yes", tok, NULL, "reveal");
}

static void hospital_home_hardship_and_holidays(void **s)
{
    (void)s;
    struct http_res r;
    char h[24], hb[24], hs[24], path[96], v[16];
    char today[11], body[128], sid[24];
    test_today(today);
    member("住院者", "19400505", "", h, sizeof(h));
    /* hospitalised by an admission (health follows the stays) */
    snprintf(path, sizeof(path), "/v1/members/%s/hospital-stays", h);
    snprintf(body, sizeof(body), "{\"admitted_on\":\"%s\",\"hospital\":\"人民医院\"}", today);
    post_created(path, tok, body, sid, sizeof(sid));
    member("居家者", "19400606", ",\"health\":\"homebound\"", hb, sizeof(hb));
    member("困难户", "19400707", ",\"hardship\":true", hs, sizeof(hs));
    assert_non_null(due_kind("", h, "hospitalised"));
    assert_non_null(due_kind("", hb, "homebound"));
    assert_non_null(due_kind("", hs, "hardship"));
    visit(h, "hospitalisation");
    visit(hb, "home_service");
    visit(hs, "hardship");
    /* the cached list follows the visits */
    assert_null(due_kind("", h, "hospitalised"));
    assert_null(due_kind("", hb, "homebound"));
    assert_null(due_kind("", hs, "hardship"));
    /* clearing the hardship flag; the field is patched like any other */
    snprintf(path, sizeof(path), "/v1/members/%s", hs);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"hardship\":true"));
    assert_true(json_member(r.body, "version", v, sizeof(v)));
    http_free(&r);
    /* the holiday round: Double Ninth (重阳节) on 18 October 2026 */
    assert_non_null(due_kind("?date=2026-10-12&days=7", h, "holiday"));
    assert_null(due_kind("?date=2026-10-05&days=7", h, "holiday"));
    visit(h, "holiday");
    assert_null(due_kind("?date=2026-10-12&days=7", h, "holiday"));
    /* the round is computed: the other members are due for it */
    assert_non_null(due_kind("?date=2026-10-12&days=7", hb, "holiday"));
    expect(400, "GET", "/v1/care/due?days=99", tok, NULL);
    expect(400, "GET", "/v1/care/due?date=2026-02-30", tok, NULL);
    /* another office's due list holds none of these */
    assert_int_equal(jreq("GET", "/v1/care/due?days=60", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "住院者"));
    http_free(&r);
}

static void visits_with_sealed_notes(void **s)
{
    (void)s;
    struct http_res r;
    char m[24], id[24], body[256], path[64];
    member("被访者", "19410808", "", m, sizeof(m));
    snprintf(body, sizeof(body),
             "{\"member_ids\":[\"%s\"],\"reason\":\"worry\",\"visited_on\":\"2026-01-05\",\"visitors\":\"支部书记\",\"notes\":\"老伴病重，情绪低落\",\"follow_up\":true}", m);
    post_created("/v1/visits", tok, body, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/visits/%s", id);
    /* sealed unless revealed (pii:read), and the reveal is audited */
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "老伴病重"));
    assert_non_null(strstr(r.body, "\"notes\":null"));
    assert_non_null(strstr(r.body, "\"notes_sealed\":true"));
    assert_non_null(strstr(r.body, "\"follow_up\":true"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/visits/%s?reveal=true", id);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "老伴病重"));
    assert_non_null(strstr(r.body, "\"notes_sealed\":false"));
    http_free(&r);
    char apath[96];
    snprintf(apath, sizeof(apath), "/v1/audit?action=visit.read_notes&target=visit:%s", id);
    assert_int_equal(jreq("GET", apath, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"visit.read_notes\""));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/visits/%s", id);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"reason\":\"party\",\"visited_on\":\"2999-01-01\",\"visitors\":\"x\"}", m);
    expect_field(422, "POST", "/v1/visits", tok, body, "visited_on");
    snprintf(body, sizeof(body), "{\"member_ids\":[\"%s\"],\"reason\":\"worry\",\"visited_on\":\"2026-01-05\",\"visitors\":\"x\"}", m);
    expect(422, "POST", "/v1/visits", tok_other, body); /* not its member */
    snprintf(path, sizeof(path), "/v1/visits?member=%s", m);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "支部书记"));
    assert_null(strstr(r.body, "老伴病重")); /* lists leave the notes out */
    http_free(&r);
}

static void fifty_years_cut_off(void **s)
{
    (void)s;
    struct http_res r;
    char in[24], out[24], body[256], admitted[24], marked[24];
    /* RULES.md "光荣在党50年": full_member_on (转正, not admission) <= (Y - 50)-07-01, not
     * marked ineligible, alive on 1 July; an estimated 转正 is shown as such */
    member("七六年转正", "19460101", ",\"joined_on\":\"1975-07-01\",\"full_member_on\":\"1976-07-01\"", in,
           sizeof(in));
    member("晚一天", "19460102", ",\"joined_on\":\"1975-07-02\",\"full_member_on\":\"1976-07-02\"", out,
           sizeof(out));
    /* admitted on the cut-off day: its 转正 (estimated a year on) is not, so not in 2026 */
    member("七六年入党", "19460103", ",\"joined_on\":\"1976-07-01\"", admitted, sizeof(admitted));
    member("不参评", "19350104",
           ",\"joined_on\":\"1958-01-01\",\"full_member_on\":\"1959-01-01\",\"medal_ineligible_reason\":\"受党纪处分\"",
           marked, sizeof(marked));
    /* alive on 1 July: died that day counts, the day before does not */
    const char *deaths[][2] = {{"七一去世", "2026-07-01"}, {"六月三十日去世", "2026-06-30"}};
    for (int i = 0; i < 2; i++) {
        char dead[24], path[64], mpath[64], ifm[64], died[64];
        member(deaths[i][0], i ? "19350106" : "19350105",
               ",\"joined_on\":\"1960-01-01\",\"full_member_on\":\"1961-01-01\"", dead, sizeof(dead));
        snprintf(path, sizeof(path), "/v1/members/%s/death", dead);
        snprintf(died, sizeof(died), "{\"died_on\":\"%s\",\"reported_by\":\"子女\"}", deaths[i][1]);
        snprintf(mpath, sizeof(mpath), "/v1/members/%s", dead);
        if_match(mpath, tok, ifm, sizeof(ifm));
        const char *h[] = {ifm, NULL};
        expect_with(201, "POST", path, tok, died, h);
    }
    assert_int_equal(jreq("GET", "/v1/honours/fifty-years?year=2026", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "七一去世"));
    assert_null(strstr(r.body, "六月三十日去世"));
    assert_non_null(strstr(r.body, "七六年转正"));
    assert_non_null(strstr(r.body, "\"full_member_on_or_before\":\"1976-07-01\""));
    assert_null(strstr(r.body, "晚一天"));
    assert_null(strstr(r.body, "七六年入党"));
    assert_null(strstr(r.body, "不参评"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"year\":2026,\"member_ids\":[\"%s\",\"%s\"]}", in, out);
    assert_int_equal(jreq("POST", "/v1/honours/fifty-years", tok, body, &r), 422);
    assert_non_null(strstr(r.body, "member_ids[1]"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"year\":2026,\"member_ids\":[\"%s\"]}", in);
    expect(201, "POST", "/v1/honours/fifty-years", tok, body);
    expect(409, "POST", "/v1/honours/fifty-years", tok, body); /* once */
    assert_int_equal(jreq("GET", "/v1/honours/fifty-years?year=2026", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"awarded\":true"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/honours/fifty-years?year=2027", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "晚一天"));
    assert_non_null(strstr(r.body, "\"name\":\"七六年入党\",\"joined_on\":\"1976-07-01\",\"full_member_on\":\"1977-07-01\","
                                   "\"full_member_estimated\":true"));
    assert_non_null(strstr(r.body, "no recorded 转正 date"));
    assert_null(strstr(r.body, "不参评"));
    http_free(&r);
    /* another office's list holds none of these */
    assert_int_equal(jreq("GET", "/v1/honours/fifty-years?year=2027", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "晚一天"));
    http_free(&r);
    /* other honours */
    char hid[24], path[64];
    snprintf(body, sizeof(body), "{\"kind\":\"excellent_member\",\"level\":\"province\",\"year\":2025,\"member_id\":\"%s\"}", in);
    post_created("/v1/honours", tok, body, hid, sizeof(hid));
    assert_int_equal(jreq("GET", "/v1/honours?year=2025&kind=excellent_member", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "七六年转正"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/honours?year=2025", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "七六年入党"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"kind\":\"excellent_member\",\"level\":\"province\",\"year\":2025}");
    expect(422, "POST", "/v1/honours", tok, body);
    snprintf(path, sizeof(path), "/v1/honours/%s", hid);
    expect(404, "DELETE", path, tok_other, NULL);
    expect(204, "DELETE", path, tok, NULL);
}

/* team_id names a volunteer team of the caller's office: another office's team and a
 * missing one are 422 naming team_id (not 201, not 500), on /v1/honours and on
 * /v1/volunteer-honours. */
static void honours_check_the_team_office(void **s)
{
    (void)s;
    struct http_res r;
    char own[24], theirs[24], body[256], hid[24];
    team_create(tok, "广东银龄关爱队", "care", own, sizeof(own));
    team_create(tok_other, "勐海银龄关爱队", "care", theirs, sizeof(theirs));
    const char *bad[] = {theirs, "987654321"};
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof(body),
                 "{\"kind\":\"most_beautiful_team\",\"level\":\"county\",\"year\":2025,\"team_id\":\"%s\"}",
                 bad[i]);
        assert_int_equal(jreq("POST", "/v1/honours", tok, body, &r), 422);
        assert_problem(&r, 422);
        assert_non_null(strstr(r.body, "\"team_id\""));
        http_free(&r);
        snprintf(body, sizeof(body),
                 "{\"year\":2025,\"title\":\"most_beautiful_team\",\"team_id\":\"%s\",\"citation\":\"x\"}",
                 bad[i]);
        assert_int_equal(jreq("POST", "/v1/volunteer-honours", tok, body, &r), 422);
        assert_non_null(strstr(r.body, "\"team_id\""));
        http_free(&r);
    }
    snprintf(body, sizeof(body),
             "{\"kind\":\"most_beautiful_team\",\"level\":\"county\",\"year\":2025,\"team_id\":\"%s\"}", own);
    post_created("/v1/honours", tok, body, hid, sizeof(hid));
    char path[64];
    snprintf(path, sizeof(path), "/v1/honours/%s", hid);
    expect(204, "DELETE", path, tok, NULL);
}

/* A member of 440000 of category born on ymd; extra as member(). */
static void member_of(const char *name, const char *ymd, const char *category, const char *extra, char *id,
                      size_t idlen)
{
    char idno[19];
    idno_make(idno, "440000", ymd, (unsigned)seq++);
    member_create(tok, name, idno, category, extra, id, idlen);
}

static void visit_with(const char *member_id, const char *reason, const char *day)
{
    visit_on(member_id, reason, day);
}

/* RULES.md (Care): staff who are not retired are not on the care list; a due visit is
 * cleared only by a visit for that reason (a birthday visit does not clear hardship);
 * round birthdays (80, 90, 100) are visits of their own (reason round_birthday). */
static void retirees_only_each_reason_its_own(void **s)
{
    (void)s;
    char staff[24], lixiu[24], hard[24], r90[24], r81[24];
    member_of("在职干部", "19461210", "in_service", ",\"hardship\":true", staff, sizeof(staff));
    member_of("离休干部", "19461210", "lixiu", "", lixiu, sizeof(lixiu));
    assert_null(due_kind("?reveal=true&date=2026-12-05&days=7", staff, NULL));
    assert_non_null(due_kind("?reveal=true&date=2026-12-05&days=7", lixiu, "round_birthday"));
    assert_null(due_kind("?days=60", staff, NULL));
    /* a birthday visit leaves hardship due; a hardship visit clears it */
    member("困难寿星", "19501203", ",\"hardship\":true", hard, sizeof(hard));
    visit(hard, "birthday");
    assert_non_null(due_kind("", hard, "hardship"));
    visit(hard, "hardship");
    assert_null(due_kind("", hard, "hardship"));
    /* a 90th: a plain birthday visit leaves it due, a round_birthday visit clears it */
    member("九十寿星", "19361210", "", r90, sizeof(r90));
    member("八十一岁", "19451210", "", r81, sizeof(r81));
    visit_with(r90, "birthday", "2026-11-20");
    visit_with(r81, "birthday", "2026-11-20");
    assert_non_null(due_kind("?reveal=true&date=2026-12-05&days=7", r90, "round_birthday"));
    assert_null(due_kind("?reveal=true&date=2026-12-05&days=7", r81, "birthday"));
    assert_null(due_kind("?date=2026-12-05&days=7", r81, "birthday")); /* masked alike */
    visit_with(r90, "round_birthday", "2026-11-21");
    assert_null(due_kind("?reveal=true&date=2026-12-05&days=7", r90, "birthday"));
    assert_null(due_kind("?date=2026-12-05&days=7", r90, "birthday"));
    /* a visit of the year before does not clear this year's */
    assert_non_null(due_kind("?reveal=true&date=2027-12-05&days=7", r81, "birthday"));
}

/* The entry (kind containing "birthday") of member id as a parsed object; caller deletes. */
static cJSON *due_birthday(const char *query, const char *id)
{
    char *s = due_entry_json(query, id);
    cJSON *j = s ? cJSON_Parse(s) : NULL;
    free(s);
    return j;
}

/* A member who keeps the lunar birthday: lunar_birthday on the member API (body and
 * view); born on 中秋 1946 (1946-09-10, lunar 8/15), the 80th is on 2026-09-25; masked, the
 * member is listed by the lunar month (11 September to 9 October 2026). Turning the
 * option off changes the cached list. */
static void lunar_birthdays_on_the_member_api(void **s)
{
    (void)s;
    struct http_res r;
    char m[24], path[64], ifm[64], idno[19];
    member("中秋寿星", "19460910", ",\"lunar_birthday\":true", m, sizeof(m));
    snprintf(path, sizeof(path), "/v1/members/%s", m);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"lunar_birthday\":true"));
    http_free(&r);
    cJSON *b = due_birthday("?reveal=true&date=2026-09-20&days=7", m);
    assert_non_null(b);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "due_on")->valuestring, "2026-09-25");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "kind")->valuestring, "round_birthday");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "lunar_month")->valuestring, "2026-08");
    cJSON_Delete(b);
    b = due_birthday("?date=2026-10-05&days=1", m); /* cached from here on */
    assert_non_null(b);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "due_on")));
    cJSON_Delete(b);
    assert_null(due_entry_json("?date=2026-09-10&days=1", m)); /* the seventh lunar month */
    if_match(path, tok, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok, "{\"lunar_birthday\":false}", (const char *const[]){ifm, NULL});
    assert_null(due_entry_json("?date=2026-10-05&days=1", m)); /* solar: September */
    assert_non_null((b = due_birthday("?date=2026-09-10&days=1", m)));
    cJSON_Delete(b);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"lunar_birthday\":false"));
    http_free(&r);
    idno_make(idno, "440000", "19460911", (unsigned)seq++);
    char body[256];
    snprintf(body, sizeof(body),
             "{\"name\":\"错值\",\"id_number\":\"%s\",\"category\":\"retired\",\"lunar_birthday\":\"yes\"}",
             idno);
    expect_field(422, "POST", "/v1/members", tok, body, "lunar_birthday");
}

/* GET /v1/care/holidays computes the round for any year (春节 2027 on 6 February,
 * 重阳节 2035); an office adds its own days (/v1/care/days: create, read, patch with
 * If-Match, delete), which join the round and the cached due list at once; another
 * office sees none of them (404); bad days are 422 naming the field; at most 50. */
static void office_days_join_the_round(void **s)
{
    (void)s;
    struct http_res r;
    char m[24], id[24], path[64], ifm[64], want[64];
    member("纪念日对象", "19400303", "", m, sizeof(m));
    assert_int_equal(jreq("GET", "/v1/care/holidays?year=2027", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"code\":\"spring_festival\",\"name\":\"春节\",\"day\":\"2027-02-06\""));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/care/holidays?year=2035", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"double_ninth\""));
    assert_non_null(strstr(r.body, "\"day\":\"2035-10-09\""));
    http_free(&r);
    assert_null(due_kind("?date=2026-11-15&days=7", m, "holiday")); /* cached */
    post_created("/v1/care/days", tok, "{\"name\":\"县老年协会成立纪念日\",\"calendar\":\"solar\",\"month\":11,\"day\":20}",
                 id, sizeof(id));
    assert_non_null(due_kind("?date=2026-11-15&days=7", m, "holiday"));
    snprintf(want, sizeof(want), "\"code\":\"office_%s\"", id);
    assert_int_equal(jreq("GET", "/v1/care/holidays?year=2026", tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, want));
    assert_non_null(strstr(r.body, "\"day\":\"2026-11-20\""));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/care/holidays?year=2026", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, want));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/care/days/%s", id);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"year\":null"));
    http_free(&r);
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "DELETE", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"day\":21}", (const char *const[]){"If-Match: \"1\"", NULL});
    assert_int_equal(jreq("GET", "/v1/care/days", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "县老年协会"));
    http_free(&r);
    expect(428, "PATCH", path, tok, "{\"day\":21}");
    /* lunar 10/1 of 2026 is 9 November: out of the window */
    if_match(path, tok, ifm, sizeof(ifm));
    expect_with(200, "PATCH", path, tok, "{\"calendar\":\"lunar\",\"month\":10,\"day\":1,\"year\":2026}",
                (const char *const[]){ifm, NULL});
    assert_null(due_kind("?date=2026-11-15&days=7", m, "holiday"));
    assert_non_null(due_kind("?date=2026-11-05&days=7", m, "holiday"));
    assert_null(due_kind("?date=2027-10-25&days=7", m, "holiday")); /* 2026 only (2027-10-29 is not) */
    expect_with(412, "PATCH", path, tok, "{\"day\":2}", (const char *const[]){ifm, NULL});
    expect_field(422, "POST", "/v1/care/days", tok, "{\"name\":\"x\",\"calendar\":\"solar\",\"month\":2,\"day\":30}", "day");
    expect_field(422, "POST", "/v1/care/days", tok, "{\"name\":\"x\",\"calendar\":\"julian\",\"month\":2,\"day\":3}",
                 "calendar");
    expect_field(422, "POST", "/v1/care/days", tok, "{\"calendar\":\"lunar\",\"month\":2,\"day\":3}", "name");
    expect_field(422, "POST", "/v1/care/days", tok,
                 "{\"name\":\"x\",\"calendar\":\"lunar\",\"month\":2,\"day\":3,\"year\":1800}", "year");
    expect_field(422, "POST", "/v1/care/days", tok,
                 "{\"name\":\"x\",\"calendar\":\"lunar\",\"month\":2,\"day\":3,\"colour\":1}", "colour");
    expect(204, "DELETE", path, tok, NULL);
    expect(404, "GET", path, tok, NULL);
    assert_null(due_kind("?date=2026-11-05&days=7", m, "holiday"));
    /* at most 50 days of an office's own */
    char ids[50][24];
    for (int i = 0; i < 50; i++) {
        post_created("/v1/care/days", tok_other, "{\"name\":\"日\",\"calendar\":\"solar\",\"month\":1,\"day\":2}",
                     ids[i], sizeof(ids[i]));
    }
    assert_int_equal(jreq("POST", "/v1/care/days", tok_other, "{\"name\":\"日\",\"calendar\":\"solar\",\"month\":1,\"day\":2}", &r),
                     409);
    assert_non_null(strstr(r.body, "at most 50"));
    http_free(&r);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/v1/care/days/%.23s", ids[i]);
        expect(204, "DELETE", path, tok_other, NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(birthdays_on_fixed_dates),
        cmocka_unit_test(hospital_home_hardship_and_holidays),
        cmocka_unit_test(visits_with_sealed_notes),
        cmocka_unit_test(fifty_years_cut_off),
        cmocka_unit_test(honours_check_the_team_office),
        cmocka_unit_test(due_list_follows_the_clock),
        cmocka_unit_test(masked_birthdays_by_month),
        cmocka_unit_test(retirees_only_each_reason_its_own),
        cmocka_unit_test(lunar_birthdays_on_the_member_api),
        cmocka_unit_test(office_days_join_the_round),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
