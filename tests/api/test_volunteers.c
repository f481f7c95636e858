/* Silver volunteers through HTTP against the built binary: capacity under concurrency,
 * waitlist promotion, the overlap rule, check-in codes (expiry, forgery), hour claims,
 * the points ledger under concurrent redemptions, needs, leaderboard cache, CSV reports,
 * tenancy and who sees what. Office 440100 (广州) is written here; 440000 is the other
 * office whose token must see nothing. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "yinhui/signed_code.h"
#include "yinhui/util.h"

static char tok_gz[2048];    /* 440100 admin */
static char tok_other[2048]; /* 440000 admin: another office */
static char tok_m1[2048];    /* a member of 440100 */
static char tok_m2[2048];    /* another member of 440100 */
static char tok_client[2048];
static char mid1[24], mid2[24], team[24];
static int idseq = 500;

/* A member of 440100 with a member account; returns its token. */
static void member_with_account(const char *user, char *mid, size_t midlen, char *tok, size_t toklen)
{
    char idno[19], name[64], pw[64], aid[24];
    idno_seq(idno, "440100", "1950", (unsigned)idseq++);
    snprintf(name, sizeof(name), "志愿者%s", user);
    member_create(tok_gz, name, idno, "retired", "", mid, midlen);
    snprintf(pw, sizeof(pw), "member-pass-%s", user);
    member_account_create(tok_gz, user, user, pw, mid, aid, sizeof(aid));
    login("440100", user, pw, tok, toklen, NULL, 0);
}

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/volunteers-server.log");
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    login("440000", "admin", "demo-440000-pass", tok_other, sizeof(tok_other), NULL, 0);
    member_with_account("vol.one", mid1, sizeof(mid1), tok_m1, sizeof(tok_m1));
    member_with_account("vol.two", mid2, sizeof(mid2), tok_m2, sizeof(tok_m2));
    team_create(tok_gz, "银发先锋医疗队", "medical", team, sizeof(team));
    client_token(tok_gz, "卫健局", "volunteers:read volunteers:write", tok_client, sizeof(tok_client), NULL,
                 0);
    return 0;
}

/* An event of 440100 from start_s to end_s, in seconds from now on the tests' clock. */
static void make_event_s(const char *title, int64_t start_s, int64_t end_s, int capacity, const char *status,
                         char *id, size_t idlen)
{
    char body[512], from[32], to[32];
    test_cn_at(start_s, from);
    test_cn_at(end_s, to);
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"越秀区东风中路\","
             "\"capacity\":%d,"
             "\"skills\":[\"义诊\"],\"status\":\"%s\",\"team_id\":\"%s\"}",
             title, from, to, capacity, status, team);
    post_created("/v1/volunteer-events", tok_gz, body, id, idlen);
}

/* An event of 440100; times are offsets in hours from now (China time, +08:00). */
static void make_event(const char *title, int start_h, int hours, int capacity, const char *status, char *id,
                       size_t idlen)
{
    make_event_s(title, (int64_t)start_h * 3600, (int64_t)(start_h + hours) * 3600, capacity, status, id,
                 idlen);
}

static void non_member_volunteer(int n, char *id, size_t idlen)
{
    char body[256];
    snprintf(body, sizeof(body),
             "{\"name\":\"志愿者%d\",\"phone\":\"139%08d\",\"skills\":[\"义诊\",\"护理\"]}", n, n);
    post_created("/v1/volunteers", tok_gz, body, id, idlen);
}

static long staff_signup(const char *event, const char *vid, struct http_res *r)
{
    char path[128], body[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", event);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    return jreq("POST", path, tok_gz, body, r);
}

static void registered_once_and_masked(void **s)
{
    (void)s;
    struct http_res r;
    char id[24], body[128], path[64];
    non_member_volunteer(1, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/volunteers/%s", id);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"phone\":\"139****0001\""));
    http_free(&r);
    /* the same phone (even with +86) or the same member is one person */
    expect(409, "POST", "/v1/volunteers", tok_gz, "{\"name\":\"另一个\",\"phone\":\"+8613900000001\"}");
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", mid1);
    char v1[24];
    post_created("/v1/volunteers", tok_gz, body, v1, sizeof(v1));
    expect(409, "POST", "/v1/volunteers", tok_gz, body);
    /* bad input names the field */
    assert_int_equal(jreq("POST", "/v1/volunteers", tok_gz,
                          "{\"name\":\"x\",\"phone\":\"123\",\"weekdays\":[\"funday\"]}", &r),
                     422);
    assert_non_null(strstr(r.body, "\"field\":\"phone\""));
    assert_non_null(strstr(r.body, "\"field\":\"weekdays\""));
    http_free(&r);
    /* another office and integrations see no volunteer */
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "GET", path, tok_client, NULL);
    expect(403, "GET", "/v1/volunteers", tok_client, NULL);
    expect(403, "GET", "/v1/volunteers", tok_m1, NULL);
}

struct racer {
    char event[24], vid[24];
    long status;
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256], body[96];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok_gz);
    snprintf(url, sizeof(url), "%s/v1/volunteer-events/%s/signups", api_base, x->event);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", x->vid);
    x->status = http_do("POST", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    if (x->status == 201 && strstr(r.body, "\"status\":\"confirmed\"") == NULL) {
        x->status = 202; /* waitlisted */
    }
    http_free(&r);
    return NULL;
}

static void capacity_under_concurrency_and_waitlist(void **s)
{
    (void)s;
    enum { N = 16, CAP = 5 };
    struct racer rs[N];
    pthread_t th[N];
    char ev[24], path[160];
    struct http_res r;
    make_event("并发报名", 48, 2, CAP, "open", ev, sizeof(ev));
    for (int i = 0; i < N; i++) {
        non_member_volunteer(100 + i, rs[i].vid, sizeof(rs[i].vid));
        snprintf(rs[i].event, sizeof(rs[i].event), "%s", ev);
    }
    for (int i = 0; i < N; i++) {
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    int confirmed = 0, waitlisted = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        confirmed += rs[i].status == 201;
        waitlisted += rs[i].status == 202;
    }
    assert_int_equal(confirmed, CAP);
    assert_int_equal(waitlisted, N - CAP);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"confirmed\":5"));
    assert_non_null(strstr(r.body, "\"waitlisted\":11"));
    http_free(&r);
    /* cancelling a confirmed place moves the first of the waitlist up */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    const cJSON *it = NULL;
    char first_conf[24] = "", first_wait[24] = "", first_wait_vid[24] = "";
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const char *st = cJSON_GetObjectItemCaseSensitive(it, "status")->valuestring;
        const char *sid = cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring;
        if (!first_conf[0] && strcmp(st, "confirmed") == 0) {
            snprintf(first_conf, sizeof(first_conf), "%s", sid);
        }
        if (!first_wait[0] && strcmp(st, "waitlisted") == 0) {
            snprintf(first_wait, sizeof(first_wait), "%s", sid);
            snprintf(first_wait_vid, sizeof(first_wait_vid), "%s",
                     cJSON_GetObjectItemCaseSensitive(it, "volunteer_id")->valuestring);
        }
    }
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s", ev, first_conf);
    expect(204, "DELETE", path, tok_gz, NULL);
    expect(409, "DELETE", path, tok_gz, NULL);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    char want[96];
    snprintf(want, sizeof(want), "{\"id\":\"%s\",\"volunteer_id\":\"%s\",", first_wait, first_wait_vid);
    char *at = strstr(r.body, want);
    assert_non_null(at);
    assert_true(strncmp(strstr(at, "\"status\":"), "\"status\":\"confirmed\"", 20) == 0);
    http_free(&r);
    /* the outbox tells the app: five confirmed at sign-up, then the promotion */
    char needle[64];
    snprintf(needle, sizeof(needle), "\"event_id\":\"%s\"", ev);
    assert_int_equal(outbox_count("volunteer_signup.confirmed", needle), CAP);
    snprintf(needle, sizeof(needle), "\"signup_id\":\"%s\"", first_wait);
    assert_int_equal(outbox_count("volunteer_signup.promoted", needle), 1);
    /* raising the capacity confirms more in order */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    char ifm[40];
    if_match(path, tok_gz, ifm, sizeof(ifm));
    const char *h2[] = {ifm, NULL};
    assert_int_equal(req("PATCH", path, tok_gz, "application/json", "{\"capacity\":7}", h2, &r), 200);
    assert_non_null(strstr(r.body, "\"confirmed\":7"));
    assert_non_null(strstr(r.body, "\"waitlisted\":8"));
    http_free(&r);
}

static void overlap_rule(void **s)
{
    (void)s;
    struct http_res r;
    char a[24], b[24], c[24], vid[24];
    make_event("上午活动", 72, 3, 10, "open", a, sizeof(a));
    make_event("重叠活动", 74, 3, 10, "open", b, sizeof(b));
    make_event("下午活动", 75, 2, 10, "open", c, sizeof(c));
    non_member_volunteer(200, vid, sizeof(vid));
    assert_int_equal(staff_signup(a, vid, &r), 201);
    http_free(&r);
    assert_int_equal(staff_signup(b, vid, &r), 409);
    assert_non_null(strstr(r.body, "another event at that time"));
    http_free(&r);
    assert_int_equal(staff_signup(c, vid, &r), 201); /* starts when the first ends */
    http_free(&r);
    assert_int_equal(staff_signup(a, vid, &r), 409); /* twice */
    http_free(&r);
    /* a draft event takes no sign-ups, and members do not see it */
    char d[24], path[96];
    make_event("草稿", 96, 1, 10, "draft", d, sizeof(d));
    assert_int_equal(staff_signup(d, vid, &r), 409);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", d);
    expect(404, "GET", path, tok_m1, NULL);
    assert_int_equal(jreq("GET", "/v1/volunteer-events?limit=100", tok_m1, NULL, &r), 200);
    assert_null(strstr(r.body, "草稿"));
    assert_non_null(strstr(r.body, "上午活动"));
    http_free(&r);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", a);
    expect(403, "GET", path, tok_client, NULL); /* names are personal data */
    expect(404, "GET", path, tok_other, NULL);
}

static void member_checkin_with_code_and_hours(void **s)
{
    (void)s;
    struct http_res r;
    char ev[24], path[128], code[64], body[160], vid[24], bal[16];
    make_event("正在进行", -1, 3, 10, "open", ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    assert_int_equal(jreq("POST", path, tok_m2, "{}", &r), 201); /* the member signs up; a profile is made */
    assert_non_null(strstr(r.body, "\"status\":\"confirmed\""));
    assert_true(json_member(r.body, "volunteer_id", vid, sizeof(vid)));
    http_free(&r);
    expect(422, "POST", path, tok_m2, "{\"volunteer_id\":\"1\"}");
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/checkin-code", ev);
    assert_int_equal(jreq("POST", path, tok_gz, "{\"ttl_s\":120}", &r), 201);
    assert_true(json_member(r.body, "code", code, sizeof(code)));
    http_free(&r);
    expect(403, "POST", path, tok_m2, "{}"); /* members do not mint codes */
    /* forged, altered and expired codes are refused */
    char forged[64];
    snprintf(forged, sizeof(forged), "%s", code);
    forged[20] = forged[20] == 'A' ? 'B' : 'A';
    snprintf(body, sizeof(body), "{\"code\":\"%s\"}", forged);
    expect_field(422, "POST", "/v1/volunteer-events/check-in", tok_m2, body, "code");
    struct config cfg;
    test_config(&cfg);
    char expired[SIGNED_CODE_LEN + 1], elsewhere[SIGNED_CODE_LEN + 1];
    signed_code_make(cfg.master_key, "event-checkin", "440100", atoll(ev), now_s() - 5, expired);
    signed_code_make(cfg.master_key, "event-checkin", "440000", atoll(ev), now_s() + 600, elsewhere);
    snprintf(body, sizeof(body), "{\"code\":\"%s\"}", expired);
    assert_int_equal(jreq("POST", "/v1/volunteer-events/check-in", tok_m2, body, &r), 422);
    assert_non_null(strstr(r.body, "expired"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"code\":\"%s\"}", elsewhere);
    expect(422, "POST", "/v1/volunteer-events/check-in", tok_m2, body);
    /* the real code checks in; it works once per volunteer, so checking out needs the
     * code the organiser shows at the end; out records hours and points */
    snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
    assert_int_equal(jreq("POST", "/v1/volunteer-events/check-in", tok_m2, body, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"in\""));
    http_free(&r);
    expect(409, "POST", "/v1/volunteer-events/check-in", tok_m1, body); /* not signed up */
    assert_int_equal(jreq("POST", "/v1/volunteer-events/check-in", tok_m2, body, &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "already used"));
    http_free(&r);
    /* (a code names its event and expiry: another ttl makes another code) */
    assert_int_equal(jreq("POST", path, tok_gz, "{\"ttl_s\":300}", &r), 201);
    assert_true(json_member(r.body, "code", code, sizeof(code)));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
    assert_int_equal(jreq("POST", "/v1/volunteer-events/check-in", tok_m2, body, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"out\""));
    assert_non_null(strstr(r.body, "\"minutes\":1"));
    http_free(&r);
    expect(409, "POST", "/v1/volunteer-events/check-in", tok_m2, body);
    assert_int_equal(jreq("GET", "/v1/volunteers/me", tok_m2, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"service_minutes\":1"));
    assert_true(json_member(r.body, "points_balance", bal, sizeof(bal)));
    http_free(&r);
    /* a claim for an event with check-in hours is refused */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    expect(409, "POST", path, tok_m2, "{\"minutes\":120}");
}

/* Signs tok's member up for event ev (201). */
static void sign_up(const char *ev, const char *tok_member)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    expect(201, "POST", path, tok_member, "{}");
}

/* POST /v1/volunteer-events/check-in with code by tok's member: the status. */
static long use_code(const char *code, const char *tok_member, struct http_res *r)
{
    char body[96];
    snprintf(body, sizeof(body), "{\"code\":\"%s\",\"action\":\"in\"}", code);
    return jreq("POST", "/v1/volunteer-events/check-in", tok_member, body, r);
}

/* Check-in codes are issued and work from YH_CHECKIN_MARGIN_MIN (60) minutes before an
 * event starts to as long after it ends, and once per volunteer. */
static void checkin_code_window_and_once(void **s)
{
    (void)s;
    struct http_res r;
    char tok3[2048], tok4[2048], mid3[24], mid4[24], soon[24], later[24], ended[24], past[24], path[128],
        code[64];
    char cut[26];
    struct config cfg;
    test_config(&cfg);
    member_with_account("vol.three", mid3, sizeof(mid3), tok3, sizeof(tok3));
    member_with_account("vol.four", mid4, sizeof(mid4), tok4, sizeof(tok4));
    make_event_s("五十分钟后开始", 50 * 60, 110 * 60, 10, "open", soon, sizeof(soon));
    make_event_s("三小时后开始", 3 * 3600, 4 * 3600, 10, "open", later, sizeof(later));
    make_event_s("半小时前结束", -150 * 60, -30 * 60, 10, "open", ended, sizeof(ended));
    make_event_s("五小时前开始", -5 * 3600, -4 * 3600, 10, "open", past, sizeof(past));
    sign_up(soon, tok3);
    sign_up(soon, tok4);
    sign_up(later, tok3);
    sign_up(ended, tok3);
    sign_up(past, tok3);
    /* within the margin on either side: a code is issued and works */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/checkin-code", soon);
    assert_int_equal(jreq("POST", path, tok_gz, "{}", &r), 201);
    assert_true(json_member(r.body, "code", code, sizeof(code)));
    http_free(&r);
    assert_int_equal(use_code(code, tok3, &r), 200);
    http_free(&r);
    /* once per volunteer: the same code again is refused; another volunteer still uses it */
    assert_int_equal(use_code(code, tok3, &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "already used"));
    http_free(&r);
    assert_int_equal(use_code(code, tok4, &r), 200);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/checkin-code", ended);
    assert_int_equal(jreq("POST", path, tok_gz, "{\"ttl_s\":3600}", &r), 201);
    assert_true(json_member(r.body, "code", code, sizeof(code)));
    /* the code ends with the window (30 minutes from now), not after its hour */
    test_cn_at(30 * 60, cut);
    char exp[32];
    assert_true(json_member(r.body, "expires_at", exp, sizeof(exp)));
    assert_true(strcmp(exp, cut) <= 0);
    http_free(&r);
    assert_int_equal(use_code(code, tok3, &r), 200);
    http_free(&r);
    /* outside the window: no code is issued, and a valid code (minted here with the
     * service's key, as a code kept from earlier would be) is refused with the time */
    char minted[SIGNED_CODE_LEN + 1];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/checkin-code", later);
    assert_int_equal(jreq("POST", path, tok_gz, "{}", &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "opens at"));
    http_free(&r);
    signed_code_make(cfg.master_key, "event-checkin", "440100", atoll(later), now_s() + 600, minted);
    assert_int_equal(use_code(minted, tok3, &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "opens at"));
    assert_non_null(strstr(r.body, "+08:00"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/checkin-code", past);
    assert_int_equal(jreq("POST", path, tok_gz, "{}", &r), 409);
    assert_non_null(strstr(r.body, "closed at"));
    http_free(&r);
    signed_code_make(cfg.master_key, "event-checkin", "440100", atoll(past), now_s() + 600, minted);
    assert_int_equal(use_code(minted, tok3, &r), 409);
    assert_problem(&r, 409);
    assert_non_null(strstr(r.body, "closed at"));
    http_free(&r);
    /* a refused use does not spend the code: in the window it still works */
    signed_code_make(cfg.master_key, "event-checkin", "440100", atoll(soon), now_s() + 900, minted);
    assert_int_equal(use_code(minted, tok4, &r), 409); /* already checked in */
    assert_non_null(strstr(r.body, "already checked in"));
    http_free(&r);
    snprintf(path, sizeof(path), "{\"code\":\"%s\",\"action\":\"out\"}", minted);
    assert_int_equal(jreq("POST", "/v1/volunteer-events/check-in", tok4, path, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"out\""));
    http_free(&r);
}

static void claims_points_and_leaderboard_cache(void **s)
{
    (void)s;
    struct http_res r;
    char ev[24], path[128], hid[24], vid[24], started[26], lb_month[96], lb_year[96];
    make_event("过去的活动", -30, 2, 10, "open", ev, sizeof(ev));
    /* hours count in the month (and year) the event was served in: 30 hours back is the
     * previous month on the first of a month, the previous year on 1 January */
    test_cn_at(-30 * 3600, started);
    snprintf(lb_month, sizeof(lb_month), "/v1/volunteer-leaderboard?period=month&at=%.7s", started);
    snprintf(lb_year, sizeof(lb_year), "/v1/volunteer-leaderboard?by=team&period=year&at=%.4s", started);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    assert_int_equal(jreq("POST", path, tok_m1, "{}", &r), 201);
    assert_true(json_member(r.body, "volunteer_id", vid, sizeof(vid)));
    http_free(&r);
    /* the leaderboard is cached; a confirmation invalidates it */
    expect(200, "GET", lb_month, tok_m1, NULL);
    assert_int_equal(jreq("GET", lb_month, tok_m1, NULL, &r), 200);
    assert_null(strstr(r.body, "\"minutes\":90"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    expect(422, "POST", path, tok_m1, "{\"minutes\":5}"); /* at least 15 */
    assert_int_equal(jreq("POST", path, tok_m1, "{\"minutes\":90,\"note\":\"帮忙量血压\"}", &r), 201);
    assert_true(json_member(r.body, "id", hid, sizeof(hid)));
    http_free(&r);
    expect(409, "POST", path, tok_m1, "{\"minutes\":90}"); /* once */
    assert_int_equal(jreq("GET", "/v1/volunteer-hours?status=pending", tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "帮忙量血压"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(403, "POST", path, tok_m1, NULL);
    expect(200, "POST", path, tok_gz, NULL);
    expect(409, "POST", path, tok_gz, NULL);
    assert_int_equal(jreq("GET", lb_month, tok_m1, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"minutes\":90"));
    http_free(&r);
    /* 90 minutes at the default 10 points an hour */
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points", vid);
    assert_int_equal(jreq("GET", path, tok_m1, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"balance\":15"));
    assert_non_null(strstr(r.body, "\"kind\":\"earn\""));
    http_free(&r);
    expect(404, "GET", path, tok_m2, NULL); /* another member's */
    /* integrations read team aggregates only */
    expect(403, "GET", "/v1/volunteer-leaderboard?by=volunteer", tok_client, NULL);
    assert_int_equal(jreq("GET", lb_year, tok_client, NULL, &r), 200);
    assert_non_null(strstr(r.body, "银发先锋医疗队"));
    http_free(&r);
    expect(400, "GET", "/v1/volunteer-leaderboard?period=week", tok_gz, NULL);
    /* without at: the current month and year of the service's clock (China time) */
    char today[11], want[64];
    test_today(today);
    assert_int_equal(jreq("GET", "/v1/volunteer-leaderboard?period=month", tok_gz, NULL, &r), 200);
    snprintf(want, sizeof(want), "\"from\":\"%.7s-01\"", today);
    assert_non_null(strstr(r.body, want));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-leaderboard?period=year", tok_gz, NULL, &r), 200);
    snprintf(want, sizeof(want), "\"from\":\"%.4s-01-01\"", today);
    assert_non_null(strstr(r.body, want));
    http_free(&r);
    /* the report as CSV */
    assert_int_equal(jreq("GET", "/v1/volunteer-reports?by=team&format=csv", tok_client, NULL, &r), 200);
    char ct[64];
    assert_true(http_header(&r, "Content-Type", ct, sizeof(ct)));
    assert_non_null(strstr(ct, "text/csv"));
    assert_non_null(strstr(r.body, "team,label,hours,participants,events\r\n"));
    assert_non_null(strstr(r.body, "银发先锋医疗队,1."));
    http_free(&r);
    expect(403, "GET", "/v1/volunteer-reports?by=month", tok_m1, NULL);
    assert_int_equal(jreq("GET", "/v1/volunteer-reports?by=month", tok_other, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
}

struct redeemer {
    char vid[24];
    long status;
};

static void *redeem(void *p)
{
    struct redeemer *x = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    const char *body = "{\"points\":4,\"note\":\"兑换\"}";
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok_gz);
    snprintf(url, sizeof(url), "%s/v1/volunteers/%s/redemptions", api_base, x->vid);
    x->status = http_do("POST", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void ledger_never_negative_under_concurrent_redemptions(void **s)
{
    (void)s;
    enum { N = 10 };
    struct redeemer rs[N];
    pthread_t th[N];
    struct http_res r;
    char ev[24], vid[24], path[128], hid[24];
    /* 15 points: 90 confirmed minutes */
    make_event("积分活动", -50, 2, 10, "open", ev, sizeof(ev));
    non_member_volunteer(300, vid, sizeof(vid));
    assert_int_equal(staff_signup(ev, vid, &r), 201);
    http_free(&r);
    char body[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"minutes\":90,\"volunteer_id\":\"%s\"}", vid);
    post_created(path, tok_gz, body, hid, sizeof(hid));
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(200, "POST", path, tok_gz, NULL);
    for (int i = 0; i < N; i++) {
        snprintf(rs[i].vid, sizeof(rs[i].vid), "%s", vid);
        pthread_create(&th[i], NULL, redeem, &rs[i]);
    }
    int ok = 0, refused = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        ok += rs[i].status == 201;
        refused += rs[i].status == 409;
    }
    assert_int_equal(ok, 3); /* 3 x 4 of 15 */
    assert_int_equal(refused, N - 3);
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points?limit=100", vid);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"balance\":3"));
    cJSON *j = cJSON_Parse(r.body);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")),
                     4); /* 1 earn, 3 redeem */
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_true(cJSON_GetObjectItemCaseSensitive(it, "balance_after")->valuedouble >= 0);
    }
    cJSON_Delete(j);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteers/%s/redemptions", vid);
    expect(422, "POST", path, tok_gz, "{\"points\":0}");
    expect(404, "POST", path, tok_other, "{\"points\":1}");
}

static void needs_dispatch_accept_cancel(void **s)
{
    (void)s;
    struct http_res r;
    char need[24], path[128], ver[16], ifm[40], vid[24], body[256], event[24];
    snprintf(body, sizeof(body),
             "{\"title\":\"老人陪诊\",\"requester\":\"越秀区卫健局\",\"contact\":\"020-83333333\",\"starts_"
             "at\":\"2027-01-10T09:00:00+08:00\","
             "\"ends_at\":\"2027-01-10T11:00:00+08:00\",\"place\":\"市第一人民医院\",\"capacity\":3}");
    post_created("/v1/volunteer-needs", tok_client, body, need, sizeof(need));
    /* the client reads its own needs; members and another office do not see them */
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s", need);
    assert_int_equal(jreq("GET", path, tok_client, NULL, &r), 200);
    assert_true(json_member(r.body, "version", ver, sizeof(ver)));
    http_free(&r);
    expect(403, "GET", path, tok_m1, NULL);
    expect(404, "GET", path, tok_other, NULL);
    /* the client cannot dispatch; staff dispatch to the team */
    snprintf(ifm, sizeof(ifm), "If-Match: \"%s\"", ver);
    const char *h[] = {ifm, NULL};
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/dispatch", need);
    snprintf(body, sizeof(body), "{\"team_id\":\"%s\"}", team);
    expect_with(403, "POST", path, tok_client, body, h);
    assert_int_equal(req("POST", path, tok_gz, "application/json", body, h, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"dispatched\""));
    http_free(&r);
    /* a member who does not lead the team cannot accept; its leader can */
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/accept", need);
    snprintf(ifm, sizeof(ifm), "If-Match: \"%d\"", atoi(ver) + 1);
    expect_with(403, "POST", path, tok_m1, NULL, h);
    assert_int_equal(jreq("GET", "/v1/volunteers/me", tok_m1, NULL, &r), 200);
    assert_true(json_member(r.body, "id", vid, sizeof(vid)));
    http_free(&r);
    snprintf(body, sizeof(body), "/v1/volunteer-teams/%s/members/%s", team, vid);
    expect(200, "PUT", body, tok_gz, "{\"role\":\"leader\"}");
    assert_int_equal(req("POST", path, tok_m1, NULL, NULL, h, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"accepted\""));
    assert_true(json_member(r.body, "event_id", event, sizeof(event)));
    http_free(&r);
    /* accepting opened an event of the team */
    snprintf(body, sizeof(body), "/v1/volunteer-events/%s", event);
    assert_int_equal(jreq("GET", body, tok_m2, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"open\""));
    assert_non_null(strstr(r.body, "老人陪诊"));
    http_free(&r);
    /* an accepted need can no longer be cancelled by its client */
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/cancel", need);
    snprintf(ifm, sizeof(ifm), "If-Match: \"%d\"", atoi(ver) + 2);
    expect_with(409, "POST", path, tok_client, NULL, h);
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/complete", need);
    assert_int_equal(req("POST", path, tok_gz, NULL, NULL, h, &r), 200);
    assert_non_null(strstr(r.body, "\"status\":\"done\""));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-needs", tok_client, NULL, &r), 200);
    assert_non_null(strstr(r.body, "老人陪诊"));
    http_free(&r);
    expect(422, "POST", "/v1/volunteer-needs", tok_client, "{\"title\":\"x\"}");
}

static void teams_honours_and_matching(void **s)
{
    (void)s;
    struct http_res r;
    char vid[24], ev[24], path[128], hon[24], body[160];
    non_member_volunteer(400, vid, sizeof(vid));
    snprintf(body, sizeof(body),
             "{\"year\":2026,\"title\":\"most_beautiful_volunteer\",\"volunteer_id\":\"%s\"}", vid);
    post_created("/v1/volunteer-honours", tok_gz, body, hon, sizeof(hon));
    expect(422, "POST", "/v1/volunteer-honours", tok_gz, "{\"year\":2026,\"title\":\"most_beautiful_team\"}");
    assert_int_equal(jreq("GET", "/v1/volunteer-honours?year=2026", tok_m1, NULL, &r), 200);
    assert_non_null(strstr(r.body, "志愿者400"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-honours?year=2026", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "志愿者400"));
    http_free(&r);
    /* matching proposes free volunteers with the wanted skills, and says why */
    make_event("匹配", 200, 2, 5, "open", ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/matches", ev);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "志愿者400"));
    assert_non_null(strstr(r.body, "\"why\":\"1 of the wanted skills"));
    http_free(&r);
    /* signed up for another open event at the same time (an hour into it), the volunteer
     * is busy and no longer proposed; the sign-up cancelled, proposed again */
    char other[24], signup[24];
    make_event("匹配重叠", 201, 2, 5, "open", other, sizeof(other));
    assert_int_equal(staff_signup(other, vid, &r), 201);
    assert_true(json_member(r.body, "id", signup, sizeof(signup)));
    http_free(&r);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_null(strstr(r.body, "志愿者400"));
    http_free(&r);
    snprintf(body, sizeof(body), "/v1/volunteer-events/%s/signups/%s", other, signup);
    expect(204, "DELETE", body, tok_gz, NULL);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "志愿者400"));
    http_free(&r);
    /* the team: members visible to staff, not to integrations */
    snprintf(path, sizeof(path), "/v1/volunteer-teams/%s", team);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"members\":["));
    http_free(&r);
    assert_int_equal(jreq("GET", path, tok_client, NULL, &r), 200);
    assert_null(strstr(r.body, "\"members\""));
    http_free(&r);
    expect(404, "GET", path, tok_other, NULL);
    expect(409, "POST", "/v1/volunteer-teams", tok_gz,
           "{\"name\":\"银发先锋医疗队\",\"speciality\":\"medical\"}");
    expect(403, "POST", "/v1/volunteer-teams", tok_client, "{\"name\":\"x\",\"speciality\":\"medical\"}");
}

static void another_office_gets_404_everywhere(void **s)
{
    (void)s;
    struct http_res r;
    char ev[24], vid[24], hon[24], hid[24], path[160], body[160];
    make_event("跨局测试", -3, 2, 5, "open", ev, sizeof(ev));
    non_member_volunteer(500, vid, sizeof(vid));
    assert_int_equal(staff_signup(ev, vid, &r), 201);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"minutes\":60,\"volunteer_id\":\"%s\"}", vid);
    post_created(path, tok_gz, body, hid, sizeof(hid));
    snprintf(body, sizeof(body), "{\"year\":2025,\"title\":\"most_beautiful_team\",\"team_id\":\"%s\"}",
             team);
    post_created("/v1/volunteer-honours", tok_gz, body, hon, sizeof(hon));
    const char *first_version[] = {"If-Match: \"1\"", NULL};
    struct {
        const char *method, *fmt, *arg, *body;
    } routes[] = {
        {"GET", "/v1/volunteer-teams/%s", team, NULL},
        {"PATCH", "/v1/volunteer-teams/%s", team, "{\"name\":\"x\"}"},
        {"PUT", "/v1/volunteer-teams/%s/members/1", team, "{}"},
        {"DELETE", "/v1/volunteer-teams/%s/members/1", team, NULL},
        {"GET", "/v1/volunteers/%s", vid, NULL},
        {"PATCH", "/v1/volunteers/%s", vid, "{\"name\":\"x\"}"},
        {"GET", "/v1/volunteers/%s/points", vid, NULL},
        {"POST", "/v1/volunteers/%s/redemptions", vid, "{\"points\":1}"},
        {"GET", "/v1/volunteer-events/%s", ev, NULL},
        {"PATCH", "/v1/volunteer-events/%s", ev, "{\"title\":\"x\"}"},
        {"GET", "/v1/volunteer-events/%s/signups", ev, NULL},
        {"POST", "/v1/volunteer-events/%s/signups", ev, "{\"volunteer_id\":\"1\"}"},
        {"DELETE", "/v1/volunteer-events/%s/signups/1", ev, NULL},
        {"POST", "/v1/volunteer-events/%s/attendance", ev, "{\"volunteer_id\":\"1\",\"action\":\"in\"}"},
        {"POST", "/v1/volunteer-events/%s/checkin-code", ev, "{}"},
        {"POST", "/v1/volunteer-events/%s/claims", ev, "{\"minutes\":60,\"volunteer_id\":\"1\"}"},
        {"GET", "/v1/volunteer-events/%s/matches", ev, NULL},
        {"POST", "/v1/volunteer-hours/%s/confirm", hid, NULL},
        {"POST", "/v1/volunteer-hours/%s/reject", hid, NULL},
        {"DELETE", "/v1/volunteer-honours/%s", hon, NULL},
    };
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        snprintf(path, sizeof(path), routes[i].fmt, routes[i].arg);
        long st = req(routes[i].method, path, tok_other, routes[i].body ? "application/json" : NULL,
                      routes[i].body, first_version, &r);
        if (st != 404) {
            fprintf(stderr, "%s %s -> %ld %s\n", routes[i].method, path, st, r.body);
        }
        assert_int_equal(st, 404);
        http_free(&r);
    }
    assert_int_equal(jreq("GET", "/v1/volunteer-events?limit=100", tok_other, NULL, &r), 200);
    assert_null(strstr(r.body, "跨局测试"));
    http_free(&r);
    /* the office's rate of points: 20 an hour from now on */
    char ifm[40];
    if_match("/v1/offices/440100", tok_gz, ifm, sizeof(ifm));
    const char *h[] = {ifm, NULL};
    expect_with(200, "PATCH", "/v1/offices/440100", tok_gz, "{\"points_per_hour\":20}", h);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(200, "POST", path, tok_gz, NULL);
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points", vid);
    assert_int_equal(jreq("GET", path, tok_gz, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"balance\":20"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registered_once_and_masked),
        cmocka_unit_test(capacity_under_concurrency_and_waitlist),
        cmocka_unit_test(overlap_rule),
        cmocka_unit_test(member_checkin_with_code_and_hours),
        cmocka_unit_test(checkin_code_window_and_once),
        cmocka_unit_test(claims_points_and_leaderboard_cache),
        cmocka_unit_test(ledger_never_negative_under_concurrent_redemptions),
        cmocka_unit_test(needs_dispatch_accept_cancel),
        cmocka_unit_test(teams_honours_and_matching),
        cmocka_unit_test(another_office_gets_404_everywhere),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
