/* Truthful hours through HTTP (issue 16): staff entries with a reason, corrections as new
 * entries (points moved by the difference, never below zero; two at once: one wins),
 * staff attendance with a reason, the report of hand-made entries per staff account, how
 * every entry was made in the list, the volunteer number in the volunteer's JSON, and the
 * automatic check-out (pending, not credited until confirmed; idempotent). Office 532822
 * is written here; 530100 is the other office whose token must see nothing. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/access.h"
#include "yinhui/db.h"
#include "yinhui/util.h"
#include "yinhui/volunteers.h"

static char tok_st[2048];    /* 532822 admin */
static char tok_other[2048]; /* 530100 admin: another office */
static char tok_m[2048];     /* a member of 532822 who is a volunteer */
static char mid[24];
static char idno_m[19]; /* its ID number */
static int seq = 100;

/* 532822's settings row as it was before this file ran (-1: no row): put back by the
 * teardown, which runs even when a test fails. */
static long margin_before = -1;

static void margin_set(long minutes)
{
    static const char sql[] = "INSERT INTO volunteer_settings (office_code, checkout_margin_minutes) VALUES "
                              "('532822', ?) ON DUPLICATE KEY UPDATE checkout_margin_minutes = ?";
    struct db_param p[] = {P_I64(minutes), P_I64(minutes)};
    struct db *db = test_db();
    assert_int_equal(db_exec(db, sql, p, 2, NULL, NULL, NULL), YH_OK);
    db_close(db);
}

static int teardown(void **s)
{
    if (margin_before < 0) {
        struct db *db = test_db();
        db_exec(db, "DELETE FROM volunteer_settings WHERE office_code = '532822'", NULL, 0, NULL, NULL, NULL);
        db_close(db);
    } else {
        margin_set(margin_before);
    }
    return api_stop(s);
}

static int setup(void **s)
{
    (void)s;
    char aid[24];
    api_start(NULL, "build/test-logs/vhours-server.log");
    if (test_db_count("SELECT COUNT(*) FROM volunteer_settings WHERE office_code = '532822'", NULL, 0) > 0) {
        margin_before = test_db_count(
            "SELECT checkout_margin_minutes FROM volunteer_settings WHERE office_code = '532822'", NULL, 0);
    }
    login("532822", "admin", "demo-532822-pass", tok_st, sizeof(tok_st), NULL, 0);
    login("530100", "admin", "demo-530100-pass", tok_other, sizeof(tok_other), NULL, 0);
    idno_seq(idno_m, "532822", "1931", (unsigned)seq++);
    member_create(tok_st, "岩温志愿", idno_m, "retired", "", mid, sizeof(mid));
    member_account_create(tok_st, "vh.member", "岩温", "member-pass-vh", mid, aid, sizeof(aid));
    login("532822", "vh.member", "member-pass-vh", tok_m, sizeof(tok_m), NULL, 0);
    char body[64], vid[24];
    snprintf(body, sizeof(body), "{\"member_id\":\"%s\"}", mid);
    post_created("/v1/volunteers", tok_st, body, vid, sizeof(vid));
    return 0;
}

/* An event of 532822 from start_h to end_h hours from now (open). */
static void make_event(const char *title, int start_h, int end_h, char *id, size_t idlen)
{
    char body[512], from[32], to[32];
    test_cn_at((int64_t)start_h * 3600, from);
    test_cn_at((int64_t)end_h * 3600, to);
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"勐海县象山镇\","
             "\"capacity\":20,\"status\":\"open\"}",
             title, from, to);
    post_created("/v1/volunteer-events", tok_st, body, id, idlen);
}

/* A volunteer of 532822 who is not a member (phone 137 + n). */
static void make_volunteer(int n, char *id, size_t idlen)
{
    char body[160];
    snprintf(body, sizeof(body), "{\"name\":\"志愿者%d\",\"phone\":\"137%08d\"}", n, n);
    post_created("/v1/volunteers", tok_st, body, id, idlen);
}

/* The number member name of the JSON object at path (asserting 200). */
static double number_of(const char *path, const char *name)
{
    cJSON *j = expect_json(200, "GET", path, tok_st, NULL);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, name);
    assert_non_null(it);
    double v = cJSON_GetNumberValue(it);
    cJSON_Delete(j);
    return v;
}

/* A staff entry of minutes for vid at ev; its id. */
static void staff_entry(const char *vid, const char *ev, int minutes, char *id, size_t idlen)
{
    char body[256];
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":%d,\"reason\":"
             "\"签到机故障，现场签到表补录\"}",
             vid, ev, minutes);
    post_created("/v1/volunteer-hours", tok_st, body, id, idlen);
}

/* The hours entry id of the list of volunteer vid, as an object (caller deletes). */
static cJSON *entry_of(const char *vid, const char *id)
{
    char path[128];
    snprintf(path, sizeof(path), "/v1/volunteer-hours?volunteer=%s&limit=100", vid);
    cJSON *j = expect_json(200, "GET", path, tok_st, NULL);
    cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items"), *it = NULL, *found = NULL;
    cJSON_ArrayForEach(it, items)
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")), id) == 0) {
            found = cJSON_Duplicate(it, true);
        }
    }
    cJSON_Delete(j);
    assert_non_null(found);
    return found;
}

static const char *str_of(const cJSON *o, const char *name)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
    return s ? s : "";
}

static void volunteer_number_not_id_number(void **s)
{
    (void)s;
    char vid[24], path[64], body[64];
    make_volunteer(1, vid, sizeof(vid));
    snprintf(path, sizeof(path), "/v1/volunteers/%s", vid);
    cJSON *j = expect_json(200, "GET", path, tok_st, NULL);
    const char *no = str_of(j, "volunteer_no");
    assert_int_equal(strlen(no), 13);
    assert_memory_equal(no, "532822", 6);
    cJSON_Delete(j);
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/volunteers?limit=100", tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"volunteer_no\":\"532822"));
    http_free(&r);
    /* the member's own record carries it; a sign-up's webhook payload names it, never the
     * ID number (the member's full one: a shorter needle such as its birth year turns up by
     * chance in the payloads' random event ids, 0.04% of them for four digits) */
    cJSON *me = expect_json(200, "GET", "/v1/volunteers/me", tok_m, NULL);
    char needle[64], mvid[24];
    snprintf(needle, sizeof(needle), "\"volunteer_no\":\"%s\"", str_of(me, "volunteer_no"));
    snprintf(mvid, sizeof(mvid), "%s", str_of(me, "id"));
    cJSON_Delete(me);
    assert_non_null(strstr(needle, "\"volunteer_no\":\"532822"));
    char ev[24];
    make_event("编号活动", 48, 50, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", mvid);
    expect(201, "POST", path, tok_st, body);
    assert_int_equal(outbox_count("volunteer_signup.confirmed", needle), 1);
    assert_int_equal(outbox_count("volunteer_signup.confirmed", idno_m), 0);
}

static void staff_entries_need_a_reason_and_are_reported(void **s)
{
    (void)s;
    char vid[24], ev[24], other_vid[24], hid[24], body[320], path[96];
    make_volunteer(2, vid, sizeof(vid));
    make_event("敬老院陪护", -5, -3, ev, sizeof(ev));
    /* bad input names the field */
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":60}", vid, ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_st, body, "reason");
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":60,\"reason\":\"\"}", vid, ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_st, body, "reason");
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":0,\"reason\":\"补录\"}", vid, ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_st, body, "minutes");
    snprintf(body, sizeof(body), "{\"event_id\":\"%s\",\"minutes\":60,\"reason\":\"补录\"}", ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_st, body, "volunteer_id");
    /* another office's volunteer and event are not this office's to credit */
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":60,\"reason\":\"补录\"}", vid, ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_other, body, "volunteer_id");
    expect(403, "POST", "/v1/volunteer-hours", tok_m, body); /* a volunteer does not enter hours */
    /* an event not started yet has no hours */
    char future[24];
    make_event("未来活动", 24, 26, future, sizeof(future));
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":60,\"reason\":\"补录\"}", vid, future);
    expect_problem(409, "POST", "/v1/volunteer-hours", tok_st, body);
    /* entered: staff source, the reason (emoji too) and who, confirmed and credited */
    snprintf(path, sizeof(path), "/v1/volunteers/%s", vid);
    double before = number_of(path, "points_balance");
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":120,\"reason\":\"手工补录 👍 簽到表\"}",
             vid, ev);
    post_created("/v1/volunteer-hours", tok_st, body, hid, sizeof(hid));
    assert_true(number_of(path, "points_balance") > before);
    assert_int_equal((int)number_of(path, "service_minutes"), 120);
    cJSON *e = entry_of(vid, hid);
    assert_string_equal(str_of(e, "source"), "staff");
    assert_string_equal(str_of(e, "status"), "confirmed");
    assert_string_equal(str_of(e, "reason"), "手工补录 👍 簽到表");
    assert_memory_equal(str_of(e, "entered_by"), "account:", 8);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "counted")));
    cJSON_Delete(e);
    /* the report: per staff account, what it entered; another office sees none of it */
    make_volunteer(3, other_vid, sizeof(other_vid));
    staff_entry(other_vid, ev, 30, hid, sizeof(hid));
    cJSON *rep =
        expect_json(200, "GET", "/v1/volunteer-hours/entered-by?from=2000-01-01&to=2100-01-01", tok_st, NULL);
    cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rep, "items"), 0);
    assert_non_null(it);
    assert_memory_equal(str_of(it, "entered_by"), "account:", 8);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "staff_entries")) >= 2);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "minutes")) >= 150);
    /* and the entries themselves, by that account */
    char list[160];
    snprintf(list, sizeof(list), "/v1/volunteer-hours?entered_by=%s&source=staff&volunteer=%s",
             str_of(it, "entered_by"), other_vid);
    cJSON_Delete(rep);
    struct http_res r;
    assert_int_equal(jreq("GET", list, tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"minutes\":30"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-hours?entered_by=account:999999999", tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/volunteer-hours/entered-by", tok_other, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
    expect_field(400, "GET", "/v1/volunteer-hours/entered-by?from=2026-13-01", tok_st, NULL, "from");
    expect(403, "GET", "/v1/volunteer-hours/entered-by", tok_m, NULL);
}

/* One entry per volunteer and event counts: a second staff entry, or one next to a
 * pending claim, is refused (a wrong entry is corrected); no more minutes than the event
 * lasts. */
static void staff_entries_once_per_event_and_within_its_length(void **s)
{
    (void)s;
    char vid[24], vid2[24], ev[24], hid[24], cid[24], body[320], path[96];
    make_volunteer(31, vid, sizeof(vid));
    make_volunteer(32, vid2, sizeof(vid2));
    make_event("社区助老两小时", -14, -12, ev, sizeof(ev));
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":121,\"reason\":\"补录\"}", vid, ev);
    expect_field(422, "POST", "/v1/volunteer-hours", tok_st, body, "minutes");
    staff_entry(vid, ev, 120, hid, sizeof(hid)); /* exactly the event's length */
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":30,\"reason\":\"补录\"}", vid, ev);
    expect_problem(409, "POST", "/v1/volunteer-hours", tok_st, body);
    /* corrected: the correction counts now, still one entry for the event */
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", hid);
    post_created(path, tok_st, "{\"minutes\":90,\"reason\":\"提前离开\"}", cid, sizeof(cid));
    expect_problem(409, "POST", "/v1/volunteer-hours", tok_st, body);
    /* a volunteer's own claim, pending, would count once confirmed */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid2);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"minutes\":60,\"volunteer_id\":\"%s\"}", vid2);
    expect(201, "POST", path, tok_st, body);
    snprintf(body, sizeof(body),
             "{\"volunteer_id\":\"%s\",\"event_id\":\"%s\",\"minutes\":60,\"reason\":\"补录\"}", vid2, ev);
    expect_problem(409, "POST", "/v1/volunteer-hours", tok_st, body);
}

/* The minutes of volunteer vid on the cached leaderboard of the year of the instant
 * offset_s from now (-1 when not on it). */
static int board_minutes(const char *vid, int64_t offset_s)
{
    char at[32], path[96];
    test_cn_at(offset_s, at);
    snprintf(path, sizeof(path), "/v1/volunteer-leaderboard?period=year&at=%.4s", at);
    cJSON *j = expect_json(200, "GET", path, tok_st, NULL), *it = NULL;
    int m = -1;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_of(it, "id"), vid) == 0) {
            m = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "minutes"));
        }
    }
    cJSON_Delete(j);
    return m;
}

static void corrections_are_new_entries(void **s)
{
    (void)s;
    char vid[24], ev[24], hid[24], cid[24], cid2[24], path[96], vpath[64];
    make_volunteer(4, vid, sizeof(vid));
    make_event("社区义诊", -6, -4, ev, sizeof(ev));
    staff_entry(vid, ev, 120, hid, sizeof(hid));
    snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid);
    double full = number_of(vpath, "points_balance");
    assert_int_equal(board_minutes(vid, -6 * 3600), 120); /* cached from here on */
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", hid);
    /* bad input; who may not */
    expect_field(422, "POST", path, tok_st, "{\"minutes\":60}", "reason");
    expect_field(422, "POST", path, tok_st, "{\"minutes\":721,\"reason\":\"核对\"}", "minutes");
    expect_field(422, "POST", path, tok_st, "{\"minutes\":-1,\"reason\":\"核对\"}", "minutes");
    expect(403, "POST", path, tok_m, "{\"minutes\":600,\"reason\":\"我多干了\"}");
    expect(404, "POST", path, tok_other, "{\"minutes\":60,\"reason\":\"核对\"}");
    expect(404, "POST", "/v1/volunteer-hours/999999999/corrections", tok_st,
           "{\"minutes\":60,\"reason\":\"核对\"}");
    /* 120 → 60: a new entry; the old one stays, corrected; points follow */
    cJSON *c =
        expect_json(201, "POST", path, tok_st, "{\"minutes\":60,\"reason\":\"核对签到表：只到了一小时\"}");
    snprintf(cid, sizeof(cid), "%s", str_of(c, "id"));
    assert_string_equal(str_of(c, "corrects_id"), hid);
    assert_string_equal(str_of(c, "source"), "correction");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c, "previous_minutes")), 120);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c, "points_delta")) < 0);
    cJSON_Delete(c);
    assert_true(number_of(vpath, "points_balance") < full);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 60);
    assert_int_equal(board_minutes(vid, -6 * 3600), 60); /* the correction invalidated it */
    cJSON *old = entry_of(vid, hid), *neu = entry_of(vid, cid);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(old, "minutes")), 120);
    assert_string_equal(str_of(old, "corrected_by"), cid);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(old, "counted")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(neu, "counted")));
    assert_string_equal(str_of(neu, "reason"), "核对签到表：只到了一小时");
    cJSON_Delete(old);
    cJSON_Delete(neu);
    /* the corrected entry is corrected once: the next correction corrects the correction */
    struct http_res r;
    assert_int_equal(jreq("POST", path, tok_st, "{\"minutes\":90,\"reason\":\"再核对\"}", &r), 409);
    assert_non_null(strstr(r.body, "already corrects"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", cid);
    post_created(path, tok_st, "{\"minutes\":120,\"reason\":\"负责人确认两小时\"}", cid2, sizeof(cid2));
    assert_int_equal((int)number_of(vpath, "points_balance"), (int)full);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 120);
    /* a pending claim is decided, not corrected */
    char body[128], claim[24];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"minutes\":60,\"volunteer_id\":\"%s\"}", vid);
    post_created(path, tok_st, body, claim, sizeof(claim));
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", claim);
    assert_int_equal(jreq("POST", path, tok_st, "{\"minutes\":30,\"reason\":\"核对\"}", &r), 409);
    assert_non_null(strstr(r.body, "only a confirmed entry"));
    http_free(&r);
}

static void correction_after_points_were_spent(void **s)
{
    (void)s;
    char vid[24], ev[24], hid[24], path[96], vpath[64], body[96];
    make_volunteer(5, vid, sizeof(vid));
    make_event("助老送餐", -8, -6, ev, sizeof(ev));
    staff_entry(vid, ev, 120, hid, sizeof(hid));
    snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid);
    int held = (int)number_of(vpath, "points_balance");
    assert_true(held >= 2);
    /* most of the points are redeemed; then the entry is struck out */
    snprintf(path, sizeof(path), "/v1/volunteers/%s/redemptions", vid);
    snprintf(body, sizeof(body), "{\"points\":%d,\"note\":\"兑换毛巾\"}", held - 1);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/corrections", hid);
    cJSON *c = expect_json(201, "POST", path, tok_st, "{\"minutes\":0,\"reason\":\"当天未到场\"}");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c, "points_delta")), -1);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c, "points_unrecovered")),
                     held - 1);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c, "points_balance")), 0);
    cJSON_Delete(c);
    assert_int_equal((int)number_of(vpath, "points_balance"), 0);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 0);
    /* the ledger says what was not taken back */
    snprintf(path, sizeof(path), "/v1/volunteers/%s/points", vid);
    struct http_res r;
    assert_int_equal(jreq("GET", path, tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"kind\":\"adjust\""));
    assert_non_null(strstr(r.body, "not taken back"));
    http_free(&r);
}

struct corrector {
    char path[96];
    long status;
};

static void *correct_once(void *p)
{
    struct corrector *x = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    const char *body = "{\"minutes\":45,\"reason\":\"并发核对\"}";
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok_st);
    snprintf(url, sizeof(url), "%s%s", api_base, x->path);
    x->status = http_do("POST", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static void two_corrections_at_once_one_wins(void **s)
{
    (void)s;
    enum { N = 6 };
    char vid[24], ev[24], hid[24];
    struct corrector cs[N];
    pthread_t th[N];
    make_volunteer(6, vid, sizeof(vid));
    make_event("并发活动", -10, -8, ev, sizeof(ev));
    staff_entry(vid, ev, 90, hid, sizeof(hid));
    for (int i = 0; i < N; i++) {
        snprintf(cs[i].path, sizeof(cs[i].path), "/v1/volunteer-hours/%s/corrections", hid);
        pthread_create(&th[i], NULL, correct_once, &cs[i]);
    }
    int ok = 0, refused = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        ok += cs[i].status == 201;
        refused += cs[i].status == 409;
    }
    assert_int_equal(ok, 1);
    assert_int_equal(refused, N - 1);
    char vpath[64];
    snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 45);
}

/* Corrections of two different entries at once, pair after pair: each locks its own
 * entry only (no range of ux_hours_corrects), so both pass. */
static void corrections_of_different_entries_at_once_both_pass(void **s)
{
    (void)s;
    enum { PAIRS = 4 };
    char ev[24];
    make_event("并发更正活动", -18, -16, ev, sizeof(ev));
    for (int i = 0; i < PAIRS; i++) {
        char vid[2][24], hid[2][24];
        struct corrector cs[2];
        pthread_t th[2];
        for (int k = 0; k < 2; k++) {
            make_volunteer(40 + 2 * i + k, vid[k], sizeof(vid[k]));
            staff_entry(vid[k], ev, 90, hid[k], sizeof(hid[k]));
            snprintf(cs[k].path, sizeof(cs[k].path), "/v1/volunteer-hours/%s/corrections", hid[k]);
        }
        for (int k = 0; k < 2; k++) {
            pthread_create(&th[k], NULL, correct_once, &cs[k]);
        }
        for (int k = 0; k < 2; k++) {
            pthread_join(th[k], NULL);
            assert_int_equal(cs[k].status, 201);
        }
        for (int k = 0; k < 2; k++) {
            char vpath[64];
            snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid[k]);
            assert_int_equal((int)number_of(vpath, "service_minutes"), 45);
        }
    }
}

static void staff_attendance_needs_a_reason(void **s)
{
    (void)s;
    char vid[24], ev[24], path[96], body[256];
    struct http_res r;
    make_volunteer(7, vid, sizeof(vid));
    make_event("现场签到活动", 0, 2, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/attendance", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\"}", vid);
    expect_field(422, "POST", path, tok_st, body, "reason");
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\",\"reason\":\"老人无智能手机\"}",
             vid);
    expect(200, "POST", path, tok_st, body);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"out\",\"reason\":\"老人无智能手机\"}",
             vid);
    expect(200, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-hours?volunteer=%s&source=attendance", vid);
    assert_int_equal(jreq("GET", path, tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"source\":\"attendance\""));
    assert_non_null(strstr(r.body, "\"reason\":\"老人无智能手机\""));
    assert_non_null(strstr(r.body, "\"entered_by\":\"account:"));
    http_free(&r);
    expect_field(400, "GET", "/v1/volunteer-hours?source=magic", tok_st, NULL, "source");
}

/* Runs the job until the entry of vid shows (the server's worker may run it first). */
static cJSON *auto_entry(struct db *db, const char *vid)
{
    char path[128];
    snprintf(path, sizeof(path), "/v1/volunteer-hours?volunteer=%s&source=auto_checkout", vid);
    for (int i = 0; i < 50; i++) {
        vhours_auto_checkout(db);
        cJSON *j = expect_json(200, "GET", path, tok_st, NULL);
        cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
        if (cJSON_GetArraySize(items) > 0) {
            assert_int_equal(cJSON_GetArraySize(items), 1);
            cJSON *e = cJSON_Duplicate(cJSON_GetArrayItem(items, 0), true);
            cJSON_Delete(j);
            return e;
        }
        cJSON_Delete(j);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fail_msg("no automatic check-out for volunteer %s", vid);
    return NULL;
}

static void left_checked_in_is_checked_out_for_review(void **s)
{
    (void)s;
    char vid[24], ev[24], path[96], body[256], vpath[64], in_at[20], starts[20], ends[20];
    make_volunteer(8, vid, sizeof(vid));
    make_event("忘记签退的活动", 0, 2, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/attendance", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\",\"reason\":\"现场登记\"}", vid);
    expect(200, "POST", path, tok_st, body);
    /* still checked in within the margin: nothing happens */
    struct db *db = test_db();
    assert_int_equal(vhours_auto_checkout(db) >= 0, 1);
    snprintf(path, sizeof(path), "/v1/volunteer-hours?volunteer=%s&source=auto_checkout", vid);
    struct http_res r;
    assert_int_equal(jreq("GET", path, tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
    /* the event ran from 4 to 2 hours ago, checked in at its start, never out: 61 minutes
     * after its end (margin 60) the service checks out at the end, 120 minutes, pending.
     * The office's margin decides: 180 minutes first, set before the event is moved (the
     * server's own worker may run in between and must find it not due yet either) */
    margin_set(180);
    time_cn(now_s() - 4 * 3600, starts);
    time_cn(now_s() - 2 * 3600, ends);
    time_cn(now_s() - 4 * 3600, in_at);
    static const char ue[] = "UPDATE volunteer_events SET starts_at = ?, ends_at = ? WHERE id = ?";
    static const char us[] = "UPDATE volunteer_signups SET checked_in_at = ? WHERE event_id = ?";
    struct db_param pe[] = {P_STR(starts), P_STR(ends), P_I64(atoll(ev))};
    struct db_param ps[] = {P_STR(in_at), P_I64(atoll(ev))};
    assert_int_equal(db_exec(db, ue, pe, 3, NULL, NULL, NULL), YH_OK);
    assert_int_equal(db_exec(db, us, ps, 2, NULL, NULL, NULL), YH_OK);
    /* 180 minutes: not yet */
    vhours_auto_checkout(db);
    assert_int_equal(jreq("GET", path, tok_st, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"items\":[]"));
    http_free(&r);
    margin_set(60); /* the teardown puts back what the office had */
    snprintf(vpath, sizeof(vpath), "/v1/volunteers/%s", vid);
    double before = number_of(vpath, "points_balance");
    cJSON *e = auto_entry(db, vid);
    assert_string_equal(str_of(e, "status"), "pending");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "minutes")), 120);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, "counted")));
    char hid[24];
    snprintf(hid, sizeof(hid), "%s", str_of(e, "id"));
    cJSON_Delete(e);
    /* idempotent: again, nothing more; not credited until staff confirm */
    vhours_auto_checkout(db);
    cJSON_Delete(auto_entry(db, vid));
    assert_int_equal((int)number_of(vpath, "points_balance"), (int)before);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 0);
    snprintf(path, sizeof(path), "/v1/volunteer-hours/%s/confirm", hid);
    expect(404, "POST", path, tok_other, NULL);
    expect(200, "POST", path, tok_st, NULL);
    assert_true(number_of(vpath, "points_balance") > before);
    assert_int_equal((int)number_of(vpath, "service_minutes"), 120);
    db_close(db);
}

/* A sign-up whose automatic check-out cannot write its entry (here a time entry of that
 * volunteer and event exists already) is checked out without one, not taken again and
 * again ahead of the others. */
static void a_failing_auto_checkout_is_skipped(void **s)
{
    (void)s;
    char vid[24], ev[24], path[96], body[256], starts[20], ends[20];
    make_volunteer(60, vid, sizeof(vid));
    make_event("签退失败的活动", 0, 2, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_st, body);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/attendance", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\",\"reason\":\"现场登记\"}", vid);
    expect(200, "POST", path, tok_st, body);
    margin_set(60);
    struct db *db = test_db();
    static const char dup[] =
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, minutes, source, "
        "status, served_on) VALUES ('532822', ?, ?, 30, 'checkin', 'pending', CURDATE())";
    struct db_param pd[] = {P_I64(atoll(vid)), P_I64(atoll(ev))};
    assert_int_equal(db_exec(db, dup, pd, 2, NULL, NULL, NULL), YH_OK);
    time_cn(now_s() - 4 * 3600, starts);
    time_cn(now_s() - 2 * 3600, ends);
    static const char ue[] = "UPDATE volunteer_events SET starts_at = ?, ends_at = ? WHERE id = ?";
    static const char us[] = "UPDATE volunteer_signups SET checked_in_at = ? WHERE event_id = ?";
    struct db_param pe[] = {P_STR(starts), P_STR(ends), P_I64(atoll(ev))};
    struct db_param ps[] = {P_STR(starts), P_I64(atoll(ev))};
    assert_int_equal(db_exec(db, ue, pe, 3, NULL, NULL, NULL), YH_OK);
    assert_int_equal(db_exec(db, us, ps, 2, NULL, NULL, NULL), YH_OK);
    vhours_auto_checkout(db);
    struct db_param pq[] = {P_I64(atoll(ev))};
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM volunteer_signups WHERE event_id = ? "
                                   "AND checked_out_at IS NOT NULL",
                                   pq, 1),
                     1);
    /* no second entry: the one there stays the only time entry */
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM volunteer_hours WHERE event_id = ?", pq, 1), 1);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(volunteer_number_not_id_number),
        cmocka_unit_test(staff_entries_need_a_reason_and_are_reported),
        cmocka_unit_test(staff_entries_once_per_event_and_within_its_length),
        cmocka_unit_test(corrections_are_new_entries),
        cmocka_unit_test(correction_after_points_were_spent),
        cmocka_unit_test(two_corrections_at_once_one_wins),
        cmocka_unit_test(corrections_of_different_entries_at_once_both_pass),
        cmocka_unit_test(staff_attendance_needs_a_reason),
        cmocka_unit_test(left_checked_in_is_checked_out_for_review),
        cmocka_unit_test(a_failing_auto_checkout_is_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
