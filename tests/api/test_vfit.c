/* Safety and fit (issue 16) through HTTP: an event's requirements (ages, health levels,
 * intensity, required skills) and accident insurance (a risky event opens only insured),
 * the sign-up refused with a 422 naming each unmet requirement (staff sign-ups too), and
 * the member's list of events it may join (GET /v1/volunteers/me/events). Office 530100
 * is written here; 530000 is the other office whose token must see nothing. Members are
 * born in 1933 (this helper's ID-number range). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/cursor.h"
#include "yinhui/db.h"

static char tok[2048];       /* 530100 admin */
static char tok_other[2048]; /* 530000 admin: another office */
static char tok_a[2048];     /* member A: frail, its birthday on the events' day */
static char tok_b[2048];     /* member B: able, born 1 January 1933 */
static char day_at[26];      /* the events' day, RFC 3339, a month ahead */
static int age;              /* A's and B's age on that day */

/* A member of 530100 born on ymd with health and a member account; its token. */
static void member_with_account(const char *user, const char *ymd, unsigned seq, const char *health, char *t,
                                size_t tlen)
{
    char idno[19], name[64], extra[64], pw[64], mid[24], aid[24];
    idno_make(idno, "530000", ymd, seq);
    snprintf(name, sizeof(name), "适配%s", user);
    snprintf(extra, sizeof(extra), ",\"health\":\"%s\"", health);
    member_create(tok, name, idno, "retired", extra, mid, sizeof(mid));
    snprintf(pw, sizeof(pw), "member-pass-%s", user);
    member_account_create(tok, user, user, pw, mid, aid, sizeof(aid));
    login("530100", user, pw, t, tlen, NULL, 0);
}

static int setup(void **s)
{
    (void)s;
    char ymd[9];
    api_start(NULL, "build/test-logs/vfit-server.log");
    login("530100", "admin", "demo-530100-pass", tok, sizeof(tok), NULL, 0);
    login("530000", "admin", "demo-530000-pass", tok_other, sizeof(tok_other), NULL, 0);
    /* a month ahead at this hour; a day later when that is 29 February (1933 had none) */
    int64_t day_off = 30 * 86400;
    test_cn_at(day_off, day_at);
    if (strncmp(day_at + 5, "02-29", 5) == 0) {
        day_off += 86400;
        test_cn_at(day_off, day_at);
    }
    age = atoi(day_at) - 1933;
    snprintf(ymd, sizeof(ymd), "1933%.2s%.2s", day_at + 5, day_at + 8);
    member_with_account("fit.a", ymd, 3301, "frail", tok_a, sizeof(tok_a));
    member_with_account("fit.b", "19330101", 3302, "able", tok_b, sizeof(tok_b));
    return 0;
}

/* An event of 530100 on day_at's day for 50 minutes with the requirements req (JSON
 * members after a comma, or ""); its id. */
static void fit_event(const char *title, const char *status, int capacity, const char *req, char *id,
                      size_t idlen)
{
    /* each at its own hour of the day (06:00 on), so no two overlap */
    static int slot = 0;
    char body[1024], from[48], to[48];
    snprintf(from, sizeof(from), "%.11s%02d:00:00+08:00", day_at, (6 + slot) % 24);
    snprintf(to, sizeof(to), "%.11s%02d:50:00+08:00", day_at, (6 + slot) % 24);
    slot++;
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"景洪市老年活动中心\","
             "\"capacity\":%d,\"status\":\"%s\"%s}",
             title, from, to, capacity, status, req);
    post_created("/v1/volunteer-events", tok, body, id, idlen);
}

static long signup(const char *ev, const char *t, const char *body, struct http_res *r)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    return jreq("POST", path, t, body, r);
}

/* The sign-up is refused with a 422 naming each of fields (NULL-terminated). */
static void refused(const char *ev, const char *t, const char *body, const char *const *fields)
{
    struct http_res r;
    char want[80];
    long st = signup(ev, t, body, &r);
    if (st != 422 || strstr(r.body, "does not fit the event") == NULL) {
        fail_msg("sign-up to %s: %ld %s", ev, st, r.body);
    }
    for (int i = 0; fields[i] != NULL; i++) {
        snprintf(want, sizeof(want), "\"field\":\"%s\"", fields[i]);
        if (strstr(r.body, want) == NULL) {
            fail_msg("%s not named in %s", fields[i], r.body);
        }
    }
    http_free(&r);
}

static void bad_input_names_the_field(void **s)
{
    (void)s;
    const char *base = "{\"title\":\"x\",\"starts_at\":\"2030-01-01T09:00:00+08:00\",\"ends_at\":"
                       "\"2030-01-01T10:00:00+08:00\",\"place\":\"p\",\"capacity\":3,";
    char body[2048];
    const struct {
        const char *members, *field;
    } cases[] = {
        {"\"min_age\":0}", "min_age"},
        {"\"max_age\":121}", "max_age"},
        {"\"min_age\":70,\"max_age\":60}", "max_age"},
        {"\"health_allowed\":[\"sick\"]}", "health_allowed"},
        {"\"health_allowed\":\"able\"}", "health_allowed"},
        {"\"intensity\":\"extreme\"}", "intensity"},
        {"\"risky\":\"yes\"}", "risky"},
        {"\"insurance_note\":\"\"}", "insurance_note"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(body, sizeof(body), "%s%s", base, cases[i].members);
        expect_field(422, "POST", "/v1/volunteer-events", tok, body, cases[i].field);
    }
    /* a note of 200 characters (Chinese) is taken, 201 are not */
    char note[1024] = "";
    for (int i = 0; i < 200; i++) {
        strcat(note, "保");
    }
    snprintf(body, sizeof(body), "%s\"insurance_note\":\"%s\"}", base, note);
    char id[24];
    post_created("/v1/volunteer-events", tok, body, id, sizeof(id));
    snprintf(body, sizeof(body), "%s\"insurance_note\":\"%s保\"}", base, note);
    expect_field(422, "POST", "/v1/volunteer-events", tok, body, "insurance_note");
    /* an age bound is cleared with null; the order is checked on the result */
    char path[64], ifm[64];
    struct http_res r;
    snprintf(body, sizeof(body), "%s\"min_age\":60,\"max_age\":70}", base);
    post_created("/v1/volunteer-events", tok, body, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", id);
    if_match(path, tok, ifm, sizeof(ifm));
    assert_int_equal(
        req("PATCH", path, tok, "application/json", "{\"max_age\":50}", (const char *const[]){ifm, NULL}, &r),
        422);
    assert_non_null(strstr(r.body, "\"field\":\"max_age\""));
    http_free(&r);
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"min_age\":null,\"max_age\":50}",
                         (const char *const[]){ifm, NULL}, &r),
                     200);
    assert_non_null(strstr(r.body, "\"min_age\":null"));
    assert_non_null(strstr(r.body, "\"max_age\":50"));
    http_free(&r);
}

static void risky_events_open_only_insured(void **s)
{
    (void)s;
    char id[24], path[64], ifm[64];
    struct http_res r;
    /* opening at creation without insurance: refused, naming the rule */
    const char *risky = "{\"title\":\"登山护林\",\"starts_at\":\"2030-02-01T09:00:00+08:00\",\"ends_at\":"
                        "\"2030-02-01T12:00:00+08:00\",\"place\":\"基诺山\",\"capacity\":5,\"risky\":true,"
                        "\"intensity\":\"vigorous\",\"status\":\"open\"}";
    assert_int_equal(jreq("POST", "/v1/volunteer-events", tok, risky, &r), 422);
    assert_non_null(strstr(r.body, "\"field\":\"insurance_arranged\""));
    assert_non_null(strstr(r.body, "accident insurance"));
    http_free(&r);
    /* as a draft it is kept; opening it by PATCH is refused until insured */
    const char *draft = "{\"title\":\"登山护林\",\"starts_at\":\"2030-02-01T09:00:00+08:00\",\"ends_at\":"
                        "\"2030-02-01T12:00:00+08:00\",\"place\":\"基诺山\",\"capacity\":5,\"risky\":true}";
    post_created("/v1/volunteer-events", tok, draft, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", id);
    if_match(path, tok, ifm, sizeof(ifm));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"status\":\"open\"}",
                         (const char *const[]){ifm, NULL}, &r),
                     422);
    assert_non_null(strstr(r.body, "\"field\":\"insurance_arranged\""));
    http_free(&r);
    assert_int_equal(req("PATCH", path, tok, "application/json",
                         "{\"status\":\"open\",\"insurance_arranged\":true,\"insurance_note\":\"团体意外险 "
                         "PICC 2030-001\"}",
                         (const char *const[]){ifm, NULL}, &r),
                     200);
    assert_non_null(strstr(r.body, "\"insurance_arranged\":true"));
    assert_non_null(strstr(r.body, "\"risky\":true"));
    assert_non_null(strstr(r.body, "\"status\":\"open\""));
    http_free(&r);
    /* an open risky event keeps its insurance */
    if_match(path, tok, ifm, sizeof(ifm));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"insurance_arranged\":false}",
                         (const char *const[]){ifm, NULL}, &r),
                     422);
    assert_non_null(strstr(r.body, "\"field\":\"insurance_arranged\""));
    http_free(&r);
    /* closed (sign-ups stopped), it is still to be held: still insured (fix B2), in one
     * PATCH as in two */
    assert_int_equal(req("PATCH", path, tok, "application/json",
                         "{\"status\":\"closed\",\"insurance_arranged\":false}",
                         (const char *const[]){ifm, NULL}, &r),
                     422);
    assert_non_null(strstr(r.body, "\"field\":\"insurance_arranged\""));
    http_free(&r);
    expect_with(200, "PATCH", path, tok, "{\"status\":\"closed\"}", (const char *const[]){ifm, NULL});
    if_match(path, tok, ifm, sizeof(ifm));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"insurance_arranged\":false}",
                         (const char *const[]){ifm, NULL}, &r),
                     422);
    assert_non_null(strstr(r.body, "\"field\":\"insurance_arranged\""));
    http_free(&r);
    /* another office sees and changes nothing */
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"risky\":false}", (const char *const[]){ifm, NULL});
}

/* Whether the member's eligible list (every page of limit) holds event id. */
static bool listed(const char *t, const char *id, int limit)
{
    char path[256], cursor[128] = "", want[48];
    bool found = false;
    snprintf(want, sizeof(want), "\"id\":\"%s\"", id);
    for (int page = 0; page < 50; page++) {
        struct http_res r;
        snprintf(path, sizeof(path), "/v1/volunteers/me/events?limit=%d%s%s", limit,
                 cursor[0] ? "&cursor=" : "", cursor);
        assert_int_equal(jreq("GET", path, t, NULL, &r), 200);
        found = found || strstr(r.body, want) != NULL;
        bool more = json_member(r.body, "next_cursor", cursor, sizeof(cursor)) && cursor[0];
        http_free(&r);
        if (!more) {
            break;
        }
    }
    return found;
}

static void fit_at_signup_and_in_the_list(void **s)
{
    (void)s;
    char req_s[256], any[24], exact[24], older[24], younger[24], skilled[24], many[24], draft[24], vig[24];
    char vid[24], body[256];
    struct http_res r;
    fit_event("人人可参加", "open", 5, "", any, sizeof(any));
    snprintf(req_s, sizeof(req_s), ",\"min_age\":%d,\"max_age\":%d,\"health_allowed\":[\"frail\"]", age, age);
    fit_event("正当年", "open", 5, req_s, exact, sizeof(exact));
    snprintf(req_s, sizeof(req_s), ",\"min_age\":%d", age + 1);
    fit_event("更年长", "open", 5, req_s, older, sizeof(older));
    snprintf(req_s, sizeof(req_s), ",\"max_age\":%d", age - 1);
    fit_event("更年轻", "open", 5, req_s, younger, sizeof(younger));
    fit_event("急救", "open", 5, ",\"skills\":[\"急救\"],\"skills_required\":true", skilled, sizeof(skilled));
    snprintf(req_s, sizeof(req_s),
             ",\"min_age\":%d,\"health_allowed\":[\"able\"],\"skills\":[\"急救\"],\"skills_required\":true",
             age + 1);
    fit_event("样样不合", "open", 5, req_s, many, sizeof(many));
    fit_event("草稿", "draft", 5, "", draft, sizeof(draft));
    fit_event("重体力", "open", 5, ",\"intensity\":\"vigorous\"", vig, sizeof(vig));

    /* the list: only what A may join, through every page of one */
    assert_true(listed(tok_a, any, 1));
    assert_true(listed(tok_a, exact, 1));
    assert_false(listed(tok_a, older, 100));
    assert_false(listed(tok_a, younger, 100));
    assert_false(listed(tok_a, skilled, 100));
    assert_false(listed(tok_a, many, 100));
    assert_false(listed(tok_a, draft, 100));
    assert_false(listed(tok_a, vig, 100)); /* frail: not vigorous work */
    assert_true(listed(tok_b, vig, 100));
    assert_false(listed(tok_b, exact, 100)); /* able, the event is for frail */

    /* sign-up: a 422 naming each unmet requirement; the list agrees */
    refused(older, tok_a, "{}", (const char *const[]){"min_age", NULL});
    refused(younger, tok_a, "{}", (const char *const[]){"max_age", NULL});
    refused(skilled, tok_a, "{}", (const char *const[]){"skills", NULL});
    refused(vig, tok_a, "{}", (const char *const[]){"intensity", NULL});
    refused(many, tok_a, "{}", (const char *const[]){"min_age", "health_allowed", "skills", NULL});
    refused(exact, tok_b, "{}", (const char *const[]){"health_allowed", NULL});
    assert_int_equal(signup(exact, tok_a, "{}", &r), 201); /* on the birthday: exactly that age */
    assert_true(json_member(r.body, "volunteer_id", vid, sizeof(vid)));
    http_free(&r);
    assert_false(listed(tok_a, exact, 100)); /* signed up: no longer to join */

    /* staff signing someone up obey the same rule */
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    refused(older, tok, body, (const char *const[]){"min_age", NULL});
    /* a volunteer who is not a member: its birth year, its skills; no health on record */
    char nv[24];
    snprintf(body, sizeof(body),
             "{\"name\":\"非会员志愿者\",\"phone\":\"13600003301\",\"birth_year\":%d,"
             "\"skills\":[\"急救\"]}",
             1933);
    post_created("/v1/volunteers", tok, body, nv, sizeof(nv));
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", nv);
    assert_int_equal(signup(skilled, tok, body, &r), 201);
    http_free(&r);
    refused(exact, tok, body, (const char *const[]){"health_allowed", NULL});

    /* a full event stays on the list: it takes the member on the waitlist */
    char full[24];
    fit_event("满员", "open", 1, "", full, sizeof(full));
    assert_int_equal(signup(full, tok_b, "{}", &r), 201);
    http_free(&r);
    assert_true(listed(tok_a, full, 100));
    assert_int_equal(signup(full, tok_a, "{}", &r), 201);
    assert_non_null(strstr(r.body, "\"status\":\"waitlisted\""));
    http_free(&r);

    /* the list is a member's own; another office's event is absent */
    expect(403, "GET", "/v1/volunteers/me/events", tok, NULL);
    expect_field(400, "GET", "/v1/volunteers/me/events?limit=0", tok_a, NULL, "limit");
    snprintf(body, sizeof(body), "/v1/volunteer-events/%s/signups", any);
    expect(404, "POST", body, tok_other, "{\"volunteer_id\":\"1\"}");
    snprintf(body, sizeof(body), "/v1/volunteer-events/%s", exact);
    cJSON *j = expect_json(200, "GET", body, tok, NULL);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "min_age")), age);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "health_allowed"), 0)->valuestring, "frail");
    cJSON_Delete(j);
    /* an inactive volunteer may join nothing */
    char vpath[64], ifm[64];
    struct http_res pr;
    snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid);
    if_match(vpath, tok, ifm, sizeof(ifm));
    assert_int_equal(req("PATCH", vpath, tok, "application/json", "{\"status\":\"inactive\"}",
                         (const char *const[]){ifm, NULL}, &pr),
                     200);
    http_free(&pr);
    assert_false(listed(tok_a, any, 100));
}

/* An open event of 530100 on day_at's day from hh:00 for minutes (no requirements); its id. */
static void event_at(const char *title, int hh, int minutes, char *id, size_t idlen)
{
    char body[512], from[48], to[48];
    snprintf(from, sizeof(from), "%.11s%02d:00:00+08:00", day_at, hh);
    snprintf(to, sizeof(to), "%.11s%02d:%02d:00+08:00", day_at, hh + minutes / 60, minutes % 60);
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"景洪市老年活动中心\","
             "\"capacity\":5,\"status\":\"open\"}",
             title, from, to);
    post_created("/v1/volunteer-events", tok, body, id, idlen);
}

/* The list leaves out what the sign-up would refuse for an overlap, and what has begun
 * even through a cursor from before now (fix B10). */
static void the_list_leaves_out_overlaps_and_the_past(void **s)
{
    (void)s;
    char held[24], clash[24], past[24], cursor[256], path[320], value[64];
    struct http_res r;
    event_at("上午值守", 20, 90, held, sizeof(held));     /* 20:00-21:30 */
    event_at("同时段讲座", 21, 60, clash, sizeof(clash)); /* 21:00-22:00 */
    assert_true(listed(tok_b, clash, 100));
    assert_int_equal(signup(held, tok_b, "{}", &r), 201);
    http_free(&r);
    assert_false(listed(tok_b, clash, 100));
    assert_false(listed(tok_b, held, 100));
    /* an event that has begun (moved into the past) stays out, whatever the cursor says */
    event_at("已开始", 22, 30, past, sizeof(past));
    char two_days_ago[26], starts[20];
    test_cn_at(-2 * 86400, two_days_ago);
    snprintf(starts, sizeof(starts), "%.10s %.8s", two_days_ago, two_days_ago + 11);
    struct db_param p[] = {P_STR(starts), P_STR(starts), P_STR(past)};
    struct db *db = test_db();
    assert_int_equal(db_exec(db,
                             "UPDATE volunteer_events SET starts_at = ?, ends_at = CAST(? AS DATETIME) + "
                             "INTERVAL 1 HOUR WHERE id = ?",
                             p, 3, NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
    struct config cfg;
    test_config(&cfg);
    snprintf(value, sizeof(value), "2000-01-01 00:00:00|0");
    cursor_encode(cfg.master_key, "vevents", value, cursor, sizeof(cursor));
    snprintf(path, sizeof(path), "/v1/volunteers/me/events?limit=100&cursor=%s", cursor);
    assert_int_equal(jreq("GET", path, tok_b, NULL, &r), 200);
    char want[48];
    snprintf(want, sizeof(want), "\"id\":\"%s\"", past);
    if (strstr(r.body, want) != NULL) {
        fail_msg("a begun event listed through an old cursor: %s", r.body);
    }
    http_free(&r);
    assert_false(listed(tok_b, past, 100));
}

/* Sign-up sid's status on event ev, from the staff's list. */
static void signup_status(const char *ev, const char *sid, char *out, size_t n)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    cJSON *j = expect_json(200, "GET", path, tok, NULL), *it = NULL;
    out[0] = '\0';
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring, sid) == 0) {
            snprintf(out, n, "%s", cJSON_GetObjectItemCaseSensitive(it, "status")->valuestring);
        }
    }
    cJSON_Delete(j);
}

/* A member's own sign-up to ev (201); its id. */
static void signed_up(const char *ev, const char *t, const char *want, char *sid, size_t n)
{
    struct http_res r;
    char st[24];
    assert_int_equal(signup(ev, t, "{}", &r), 201);
    assert_true(json_member(r.body, "id", sid, n));
    assert_true(json_member(r.body, "status", st, sizeof(st)));
    assert_string_equal(st, want);
    http_free(&r);
}

/* The fit holds after sign-up too (fix B6): the waitlist moves up past those who no
 * longer fit, and requirements cannot be tightened under confirmed volunteers. */
static void fit_holds_after_signup(void **s)
{
    (void)s;
    char tc[2048], td[2048], tf[2048], ev[24], sc[24], sd[24], sf[24], path[96], h[64], st[24];
    struct http_res r;
    member_with_account("fit.c", "19330315", 3303, "able", tc, sizeof(tc));
    member_with_account("fit.d", "19330316", 3304, "frail", td, sizeof(td));
    member_with_account("fit.f", "19330317", 3305, "able", tf, sizeof(tf));
    fit_event("一人岗", "open", 1, "", ev, sizeof(ev));
    signed_up(ev, tc, "confirmed", sc, sizeof(sc));
    signed_up(ev, td, "waitlisted", sd, sizeof(sd));
    signed_up(ev, tf, "waitlisted", sf, sizeof(sf));
    /* asking health able: C (confirmed) is able, so it may */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    if_match(path, tok, h, sizeof(h));
    expect_with(200, "PATCH", path, tok, "{\"health_allowed\":[\"able\"]}", (const char *const[]){h, NULL});
    /* C cancels: D (frail) no longer fits and stays waiting; F moves up */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s", ev, sc);
    expect(204, "DELETE", path, tc, NULL);
    signup_status(ev, sf, st, sizeof(st));
    assert_string_equal(st, "confirmed");
    signup_status(ev, sd, st, sizeof(st));
    assert_string_equal(st, "waitlisted");
    /* asking frail now would leave F confirmed without fitting: 409 saying how many */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    if_match(path, tok, h, sizeof(h));
    assert_int_equal(req("PATCH", path, tok, "application/json", "{\"health_allowed\":[\"frail\"]}",
                         (const char *const[]){h, NULL}, &r),
                     409);
    if (strstr(r.body, "1 confirmed volunteer") == NULL) {
        fail_msg("409 without the count: %s", r.body);
    }
    http_free(&r);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "health_allowed"), 0)->valuestring, "able");
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test(risky_events_open_only_insured),
        cmocka_unit_test(fit_at_signup_and_in_the_list),
        cmocka_unit_test(the_list_leaves_out_overlaps_and_the_past),
        cmocka_unit_test(fit_holds_after_signup),
    };
    return cmocka_run_group_tests_name("volunteer fit", tests, setup, api_stop);
}
