/* Reminders and attendance of volunteer events (issue 16) through HTTP and the reminder
 * pass: volunteer_event.reminder N days before (once per sign-up and offset, even with
 * several passes at once), the volunteer's confirmation, no-shows when an event is done
 * and their undoing, the waitlist moving up on a late cancel (concurrent cancels never
 * over-fill), tenancy. Office 530100 is written here; 440104 is the other office. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"
#include "yinhui/util.h"
#include "yinhui/volunteers.h"

static char tok[2048];       /* 530100 admin */
static char tok_other[2048]; /* 440104 admin: another office */
static char tok_m1[2048];    /* a member of 530100 */
static char tok_m2[2048];    /* another member of 530100 */
static char team[24];
static int vseq;
static char found_days[64]; /* 530100's reminder days when the tests began */
static void patch_path(const char *path, const char *body, long want);
static int default_days(void **s);

static void member_with_account(const char *user, unsigned seq, char *tokout, size_t toklen)
{
    char idno[19], name[64], pw[64], aid[24], mid[24];
    idno_seq(idno, "530100", "1934", seq);
    snprintf(name, sizeof(name), "提醒测试%s", user);
    member_create(tok, name, idno, "retired", "", mid, sizeof(mid));
    snprintf(pw, sizeof(pw), "member-pass-%s", user);
    member_account_create(tok, user, user, pw, mid, aid, sizeof(aid));
    login("530100", user, pw, tokout, toklen, NULL, 0);
}

static int setup(void **s)
{
    /* the server's own pass at any hour of the pinned clock, as the passes here */
    static const char *const env[] = {"YH_REMINDER_HOUR=0", NULL};
    api_start(env, "build/test-logs/vreminders-server.log");
    login("530100", "admin", "demo-530100-pass", tok, sizeof(tok), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_other, sizeof(tok_other), NULL, 0);
    member_with_account("rem.one", 1, tok_m1, sizeof(tok_m1));
    member_with_account("rem.two", 2, tok_m2, sizeof(tok_m2));
    team_create(tok, "提醒测试队", "medical", team, sizeof(team));
    /* the office's reminder days as found, given back at the end (teardown) */
    cJSON *j = expect_json(200, "GET", "/v1/volunteer-settings", tok, NULL);
    char *days = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(j, "reminder_days"));
    snprintf(found_days, sizeof(found_days), "%s", days);
    free(days);
    cJSON_Delete(j);
    return default_days(s);
}

static int teardown(void **s)
{
    char body[96];
    snprintf(body, sizeof(body), "{\"reminder_days\":%s}", found_days);
    if (found_days[0]) {
        patch_path("/v1/volunteer-settings", body, 200);
    }
    return api_stop(s);
}

/* An event of 530100 from start_s for len_s (seconds from now on the tests' clock). */
static void make_event(const char *title, int64_t start_s, int64_t len_s, int capacity, char *id,
                       size_t idlen)
{
    char body[512], from[32], to[32];
    test_cn_at(start_s, from);
    test_cn_at(start_s + len_s, to);
    snprintf(
        body, sizeof(body),
        "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"五华区翠湖\",\"capacity\":%d,"
        "\"status\":\"open\",\"team_id\":\"%s\"}",
        title, from, to, capacity, team);
    post_created("/v1/volunteer-events", tok, body, id, idlen);
}

static void volunteer(char *id, size_t idlen)
{
    char body[160];
    snprintf(body, sizeof(body), "{\"name\":\"提醒志愿者%d\",\"phone\":\"1393314%04d\"}", vseq, vseq);
    vseq++;
    post_created("/v1/volunteers", tok, body, id, idlen);
}

/* Staff sign volunteer vid up for event ev; the sign-up's id and status. */
static void signup(const char *ev, const char *vid, char *sid, size_t sidlen, char *status, size_t stlen)
{
    char path[96], body[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    cJSON *j = expect_json(201, "POST", path, tok, body);
    snprintf(sid, sidlen, "%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "id")));
    if (status != NULL) {
        snprintf(status, stlen, "%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status")));
    }
    cJSON_Delete(j);
}

/* A fresh volunteer signed up for ev; the sign-up's id. */
static void new_signup(const char *ev, char *sid, size_t sidlen)
{
    char vid[24];
    volunteer(vid, sizeof(vid));
    signup(ev, vid, sid, sidlen, NULL, 0);
}

/* Reminders published for sign-up sid (and recorded with offset days; -1: any). */
static long reminders(const char *sid, int days)
{
    char needle[64];
    snprintf(needle, sizeof(needle), "\"signup_id\":\"%s\"", sid);
    long published = outbox_count("volunteer_event.reminder", needle);
    struct db_param p[] = {P_STR(sid), P_I64(days)};
    long recorded = test_db_count(days < 0 ? "SELECT COUNT(*) FROM volunteer_reminders WHERE signup_id = ?"
                                           : "SELECT COUNT(*) FROM volunteer_reminders WHERE signup_id = ? "
                                             "AND days_before = ?",
                                  p, days < 0 ? 1 : 2);
    assert_true(recorded <= published);
    return days < 0 ? published : recorded;
}

/* One reminder pass here, on its own connection, as another process would run it (at any
 * hour: the tests run with the clock pinned at night too). */
static void pass(void)
{
    struct config cfg;
    test_config(&cfg);
    cfg.reminder_hour = 0;
    struct db *db = test_db();
    vreminders_publish_due(db, &cfg);
    db_close(db);
}

/* PATCHes path under its current version (If-Match), expecting want. */
static void patch_path(const char *path, const char *body, long want)
{
    char h[64];
    if_match(path, tok, h, sizeof(h));
    expect_with(want, "PATCH", path, tok, body, (const char *const[]){h, NULL});
}

static void patch_event(const char *ev, const char *body, long want)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    patch_path(path, body, want);
}

static void reminders_go_out_once_per_offset(void **s)
{
    (void)s;
    char e7[24], e3[24], e1[24], e20[24], eoff[24], s7[24], s3[24], s1[24], s20[24], soff[24], swait[24],
        sgone[24], st[16], vid[24], path[128], at[32], body[128];
    make_event("七天后的义诊", 7 * 86400, 7200, 5, e7, sizeof(e7));
    make_event("三天后的义诊", 3 * 86400, 7200, 5, e3, sizeof(e3));
    make_event("明天的义诊", 86400, 7200, 1, e1, sizeof(e1));
    make_event("二十天后的义诊", 20 * 86400, 7200, 5, e20, sizeof(e20));
    make_event("取消的义诊", 7 * 86400 + 3600, 7200, 5, eoff, sizeof(eoff));
    new_signup(e7, s7, sizeof(s7));
    new_signup(e3, s3, sizeof(s3));
    new_signup(e1, s1, sizeof(s1));
    new_signup(e20, s20, sizeof(s20));
    new_signup(eoff, soff, sizeof(soff));
    volunteer(vid, sizeof(vid));
    signup(e1, vid, swait, sizeof(swait), st, sizeof(st));
    assert_string_equal(st, "waitlisted");
    new_signup(e7, sgone, sizeof(sgone));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s", e7, sgone);
    expect(204, "DELETE", path, tok, NULL);
    patch_event(eoff, "{\"status\":\"cancelled\"}", 200);
    pass();
    pass();
    /* 7 days before; 3 days before gets the 7-day one late; tomorrow's only the 1-day one */
    assert_int_equal(reminders(s7, 7), 1);
    assert_int_equal(reminders(s7, -1), 1);
    assert_int_equal(reminders(s3, 7), 1);
    assert_int_equal(reminders(s3, -1), 1);
    assert_int_equal(reminders(s1, 1), 1);
    assert_int_equal(reminders(s1, -1), 1);
    /* not yet, not waitlisted, not cancelled, not for a cancelled event */
    assert_int_equal(reminders(s20, -1), 0);
    assert_int_equal(reminders(swait, -1), 0);
    assert_int_equal(reminders(sgone, -1), 0);
    assert_int_equal(reminders(soff, -1), 0);
    /* ids only: the volunteer's number, never its name */
    assert_int_equal(outbox_count("volunteer_event.reminder", "提醒志愿者"), 0);
    snprintf(body, sizeof(body), "\"signup_id\":\"%s\",\"volunteer_no\":\"530100", s7);
    assert_int_equal(outbox_count("volunteer_event.reminder", body), 1);
    /* the late 7-day one says how many days are actually left, and when it starts */
    snprintf(body, sizeof(body), "\"signup_id\":\"%s\",", s3);
    struct db_param late[] = {P_STR(body), P_STR("\"days_before\":7,\"days_left\":3,\"starts_at\":\"20")};
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM outbox WHERE type = 'volunteer_event.reminder' "
                                   "AND INSTR(payload, ?) > 0 AND INSTR(payload, ?) > 0",
                                   late, 2),
                     1);
    /* the event moved to tomorrow: its sign-up is looked at again and told */
    test_cn_at(86400 + 60, at);
    snprintf(body, sizeof(body), "{\"starts_at\":\"%s\"}", at);
    patch_event(e20, body, 200);
    pass();
    assert_int_equal(reminders(s20, 1), 1);
    assert_int_equal(reminders(s20, -1), 1);
}

/* A reminder pass run over and over for 3 seconds, as another process would. */
static void *pass_for_a_while(void *arg)
{
    (void)arg;
    struct config cfg;
    test_config(&cfg);
    cfg.reminder_hour = 0;
    struct db *db = test_db();
    double until = mono_s() + 3;
    while (mono_s() < until) {
        vreminders_publish_due(db, &cfg);
    }
    db_close(db);
    return NULL;
}

/* Three passes at once (two here and the server's worker) send each reminder once. */
static void concurrent_passes_send_once(void **s)
{
    (void)s;
    enum { N = 12 };
    char ev[24], sids[N][24];
    pthread_t t[2];
    make_event("并发提醒", 86400 + 60, 3600, N, ev, sizeof(ev));
    for (int i = 0; i < N; i++) {
        new_signup(ev, sids[i], sizeof(sids[i]));
    }
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, pass_for_a_while, NULL);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    for (int i = 0; i < N; i++) {
        assert_int_equal(reminders(sids[i], -1), 1);
        assert_int_equal(reminders(sids[i], 1), 1);
    }
}

static void volunteer_confirms_or_cancels(void **s)
{
    (void)s;
    char ev[24], sid[24], path[128], wait[24], wpath[128], st[16], vid[24], first[40];
    make_event("确认出席", 2 * 86400, 7200, 1, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    cJSON *j = expect_json(201, "POST", path, tok_m1, "{}");
    snprintf(sid, sizeof(sid), "%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "id")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "attendance_confirmed_at")));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s/confirm", ev, sid);
    /* another member's sign-up and another office's are absent; a bad id is refused */
    expect_problem(404, "POST", path, tok_m2, NULL);
    expect_problem(404, "POST", path, tok_other, NULL);
    char bad[128];
    snprintf(bad, sizeof(bad), "/v1/volunteer-events/%s/signups/x1/confirm", ev);
    expect_problem(400, "POST", bad, tok_m1, NULL);
    snprintf(bad, sizeof(bad), "/v1/volunteer-events/%s/signups/999999999/confirm", ev);
    expect_problem(404, "POST", bad, tok, NULL);
    j = expect_json(200, "POST", path, tok_m1, NULL);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status")), "confirmed");
    const char *at = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "attendance_confirmed_at"));
    assert_non_null(at);
    snprintf(first, sizeof(first), "%s", at);
    cJSON_Delete(j);
    /* again (a double tap, or staff for it): the first answer stands */
    j = expect_json(200, "POST", path, tok, NULL);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "attendance_confirmed_at")),
                        first);
    cJSON_Delete(j);
    /* staff's list shows the answer */
    snprintf(wpath, sizeof(wpath), "/v1/volunteer-events/%s/signups", ev);
    j = expect_json(200, "GET", wpath, tok, NULL);
    char *text = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(text, "\"attendance_confirmed_at\":\"20"));
    free(text);
    cJSON_Delete(j);
    /* a waitlisted sign-up has nothing to confirm */
    volunteer(vid, sizeof(vid));
    signup(ev, vid, wait, sizeof(wait), st, sizeof(st));
    assert_string_equal(st, "waitlisted");
    snprintf(wpath, sizeof(wpath), "/v1/volunteer-events/%s/signups/%s/confirm", ev, wait);
    expect_problem(409, "POST", wpath, tok, NULL);
    /* cancelling is the DELETE; then there is nothing to confirm, and the waitlist moved up */
    snprintf(bad, sizeof(bad), "/v1/volunteer-events/%s/signups/%s", ev, sid);
    expect(404, "DELETE", bad, tok_m2, NULL);
    expect(204, "DELETE", bad, tok_m1, NULL);
    expect_problem(409, "POST", path, tok_m1, NULL);
    expect(200, "POST", wpath, tok, NULL);
}

/* The volunteer's record: its no-show count. */
static long no_shows(const char *vid, const char *token)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/volunteers/%s", vid);
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    long n = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "no_shows"));
    cJSON_Delete(j);
    return n;
}

static long audits(const char *action, const char *target)
{
    struct db_param p[] = {P_STR(action), P_STR(target)};
    return test_db_count("SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?", p, 2);
}

/* Sign-up sid got its place a day before its event began (the tests make past events
 * now, so their sign-ups would be confirmed after the start). */
static void placed_in_time(const char *sid)
{
    struct db *db = test_db();
    struct db_param p[] = {P_STR(sid)};
    assert_int_equal(db_exec(db,
                             "UPDATE volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
                             "SET s.confirmed_at = e.starts_at - INTERVAL 1 DAY WHERE s.id = ?",
                             p, 1, NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
}

/* Staff file a claim of 60 minutes of event ev for volunteer vid (served, forgot to check
 * in; pending, not rejected). A claim, not a staff entry: test_vhours reads 530100 as
 * an office without hand-entered hours. */
static void staff_hours(const char *ev, const char *vid)
{
    char body[256], path[96];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/claims", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"minutes\":60,\"note\":\"忘了签到，队长作证\"}", vid);
    expect(201, "POST", path, tok, body);
}

static void no_shows_when_done_and_undone(void **s)
{
    (void)s;
    char ev[24], va[24], vb[24], vc[24], vd[24], ve[24], sa[24], sb[24], sc[24], sd[24], se[24], path[128],
        body[96], target[48];
    make_event("昨天的义诊", -7200, 3600, 5, ev, sizeof(ev));
    volunteer(va, sizeof(va));
    volunteer(vb, sizeof(vb));
    volunteer(vc, sizeof(vc));
    volunteer(vd, sizeof(vd));
    volunteer(ve, sizeof(ve));
    signup(ev, va, sa, sizeof(sa), NULL, 0);
    signup(ev, vb, sb, sizeof(sb), NULL, 0);
    signup(ev, vc, sc, sizeof(sc), NULL, 0); /* c: signed up on the day, after the start */
    signup(ev, vd, sd, sizeof(sd), NULL, 0);
    signup(ev, ve, se, sizeof(se), NULL, 0);
    placed_in_time(sa);
    placed_in_time(sb);
    placed_in_time(sd);
    placed_in_time(se);
    /* d served but forgot to check in: its claim was filed before the event was done */
    staff_hours(ev, vd);
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/attendance", ev);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\",\"action\":\"in\",\"reason\":\"老人未带手机\"}", va);
    expect(200, "POST", path, tok, body);
    assert_int_equal(no_shows(vb, tok), 0);
    patch_event(ev, "{\"status\":\"done\"}", 200);
    /* b never came: marked; a checked in: not */
    assert_int_equal(no_shows(vb, tok), 1);
    assert_int_equal(no_shows(va, tok), 0);
    assert_int_equal(no_shows(vc, tok), 0);
    assert_int_equal(no_shows(vd, tok), 0);
    /* e's claim filed after the mark: it no longer counts as a no-show */
    assert_int_equal(no_shows(ve, tok), 1);
    staff_hours(ev, ve);
    assert_int_equal(no_shows(ve, tok), 0);
    /* undoing: staff only, with a reason, this office */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s/no-show/undo", ev, sb);
    expect_problem(404, "POST", path, tok_other, "{\"reason\":\"签到表漏登\"}");
    expect_problem(403, "POST", path, tok_m1, "{\"reason\":\"签到表漏登\"}");
    expect_field(422, "POST", path, tok, "{\"reason\":\"\"}", "reason");
    expect_field(422, "POST", path, tok, "{}", "reason");
    expect_field(422, "POST", path, tok, "{\"reason\":\"x\",\"why\":1}", "why");
    snprintf(body, sizeof(body), "/v1/volunteer-events/%s/signups/%s/no-show/undo", ev, sa);
    expect_problem(409, "POST", body, tok, "{\"reason\":\"来了的\"}");
    cJSON *j = expect_json(200, "POST", path, tok, "{\"reason\":\"签到表漏登 😊\"}");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "no_show_at")));
    cJSON_Delete(j);
    assert_int_equal(no_shows(vb, tok), 0);
    snprintf(target, sizeof(target), "signup:%s", sb);
    assert_int_equal(audits("signup.no_show_undo", target), 1);
    expect_problem(409, "POST", path, tok, "{\"reason\":\"再一次\"}");
}

struct canceller {
    char path[128];
    long status;
};

static void *cancel(void *p)
{
    struct canceller *c = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s%s", api_base, c->path);
    c->status = http_do("DELETE", url, h, NULL, 0, &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

static long count_status(const char *ev, const char *status)
{
    struct db_param p[] = {P_STR(ev), P_STR(status)};
    return test_db_count("SELECT COUNT(*) FROM volunteer_signups WHERE event_id = ? AND status = ?", p, 2);
}

/* A late cancel (the event is within the day) moves the waitlist up and tells the app; two
 * cancels at once promote two, never more than the capacity; the same cancel twice at
 * once succeeds once. */
static void late_cancels_move_the_waitlist_up(void **s)
{
    (void)s;
    enum { W = 3 };
    char ev[24], a[24], b[24], w[W][24], needle[96];
    struct canceller c[2];
    pthread_t t[2];
    make_event("今晚的义诊", 5 * 3600, 3600, 2, ev, sizeof(ev));
    new_signup(ev, a, sizeof(a));
    new_signup(ev, b, sizeof(b));
    for (int i = 0; i < W; i++) {
        new_signup(ev, w[i], sizeof(w[i]));
    }
    assert_int_equal(count_status(ev, "waitlisted"), W);
    snprintf(c[0].path, sizeof(c[0].path), "/v1/volunteer-events/%s/signups/%s", ev, a);
    snprintf(c[1].path, sizeof(c[1].path), "/v1/volunteer-events/%s/signups/%s", ev, b);
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, cancel, &c[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(c[i].status, 204);
    }
    assert_int_equal(count_status(ev, "confirmed"), 2);
    assert_int_equal(count_status(ev, "waitlisted"), W - 2);
    for (int i = 0; i < W; i++) {
        snprintf(needle, sizeof(needle), "\"signup_id\":\"%s\"", w[i]);
        assert_int_equal(outbox_count("volunteer_signup.promoted", needle), i < 2 ? 1 : 0);
    }
    char path[64];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ev);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "confirmed")), 2);
    cJSON_Delete(j);
    /* the same sign-up cancelled twice at once: once; the last waitlisted moves up once */
    snprintf(c[0].path, sizeof(c[0].path), "/v1/volunteer-events/%s/signups/%s", ev, w[0]);
    snprintf(c[1].path, sizeof(c[1].path), "/v1/volunteer-events/%s/signups/%s", ev, w[0]);
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, cancel, &c[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    assert_true((c[0].status == 204 && c[1].status == 409) || (c[0].status == 409 && c[1].status == 204));
    assert_int_equal(count_status(ev, "confirmed"), 2);
    assert_int_equal(count_status(ev, "waitlisted"), 0);
    snprintf(needle, sizeof(needle), "\"signup_id\":\"%s\"", w[2]);
    assert_int_equal(outbox_count("volunteer_signup.promoted", needle), 1);
}

/* Once the event has begun a member cannot cancel (it would dodge the no-show mark); staff
 * still can, audited, and nobody moves up from the waitlist any more. */
static void no_cancel_or_promotion_once_begun(void **s)
{
    (void)s;
    char ev[24], mine[24], w[24], vid[24], st[16], path[128], needle[64], target[48];
    make_event("已开始的义诊", -3600, 7200, 1, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ev);
    cJSON *j = expect_json(201, "POST", path, tok_m1, "{}");
    snprintf(mine, sizeof(mine), "%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "id")));
    cJSON_Delete(j);
    volunteer(vid, sizeof(vid));
    signup(ev, vid, w, sizeof(w), st, sizeof(st));
    assert_string_equal(st, "waitlisted");
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups/%s", ev, mine);
    expect_problem(409, "DELETE", path, tok_m1, NULL);
    assert_int_equal(count_status(ev, "confirmed"), 1);
    expect(204, "DELETE", path, tok, NULL);
    snprintf(target, sizeof(target), "signup:%s", mine);
    assert_int_equal(audits("signup.cancel", target), 1);
    assert_int_equal(count_status(ev, "confirmed"), 0);
    assert_int_equal(count_status(ev, "waitlisted"), 1);
    snprintf(needle, sizeof(needle), "\"signup_id\":\"%s\"", w);
    assert_int_equal(outbox_count("volunteer_signup.promoted", needle), 0);
}

/* The office's own reminder days (PATCH /v1/volunteer-settings): 14 and 2 days before,
 * for the sign-ups made after the change and those made before it. */
static void office_reminder_days(void **s)
{
    (void)s;
    char e14[24], e5[24], eb[24], s14[24], s5[24], sb[24];
    make_event("早报名的义诊", 13 * 86400, 7200, 5, eb, sizeof(eb));
    new_signup(eb, sb, sizeof(sb));
    pass(); /* 7 and 1: nothing yet, looked at again 7 days before */
    assert_int_equal(reminders(sb, -1), 0);
    patch_path("/v1/volunteer-settings", "{\"reminder_days\":[2,14]}", 200);
    make_event("两周后的义诊", 14 * 86400, 7200, 5, e14, sizeof(e14));
    make_event("五天后的义诊", 5 * 86400, 7200, 5, e5, sizeof(e5));
    new_signup(e14, s14, sizeof(s14));
    new_signup(e5, s5, sizeof(s5));
    pass();
    assert_int_equal(reminders(s14, 14), 1);
    assert_int_equal(reminders(s14, -1), 1);
    assert_int_equal(reminders(s5, 14), 1);
    assert_int_equal(reminders(s5, -1), 1);
    /* signed up before the change: the new days apply to it too */
    assert_int_equal(reminders(sb, 14), 1);
}

/* A stored list that does not parse (written by hand, an old release) falls back to 7 and
 * 1 instead of ending the sign-up's reminders for good. */
static void broken_stored_days_fall_back(void **s)
{
    (void)s;
    char ev[24], sid[24];
    struct db *db = test_db();
    assert_int_equal(
        db_exec(db, "UPDATE volunteer_settings SET reminder_days = '7,,x' WHERE office_code = '530100'", NULL,
                0, NULL, NULL, NULL),
        YH_OK);
    db_close(db);
    make_event("列表坏了的义诊", 3 * 86400, 7200, 5, ev, sizeof(ev));
    new_signup(ev, sid, sizeof(sid));
    pass();
    assert_int_equal(reminders(sid, 7), 1);
    struct db_param p[] = {P_STR(sid)};
    assert_int_equal(
        test_db_count("SELECT COUNT(*) FROM volunteer_signups WHERE id = ? AND remind_on IS NOT NULL", p, 1),
        1);
}

/* Reminders wait for the office hour (YH_REMINDER_HOUR): a pass before it sends nothing
 * and leaves the sign-up due, the first pass from it sends. */
static void not_before_the_hour(void **s)
{
    (void)s;
    char ev[24], sid[24], now[26];
    struct config cfg;
    test_config(&cfg);
    test_cn_at(0, now);
    int hour = atoi(now + 11);
    make_event("按时提醒的义诊", 86400 + 60, 3600, 5, ev, sizeof(ev));
    new_signup(ev, sid, sizeof(sid));
    struct db *db = test_db();
    if (hour < 23) {
        cfg.reminder_hour = hour + 1;
        vreminders_publish_due(db, &cfg);
        assert_int_equal(reminders(sid, -1), 0);
    }
    cfg.reminder_hour = hour;
    vreminders_publish_due(db, &cfg);
    db_close(db);
    assert_int_equal(reminders(sid, 1), 1);
}

/* The reminder days every test here expects: 7 and 1 (whatever another test left). */
static int default_days(void **s)
{
    (void)s;
    patch_path("/v1/volunteer-settings", "{\"reminder_days\":[7,1]}", 200);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reminders_go_out_once_per_offset),
        cmocka_unit_test(concurrent_passes_send_once),
        cmocka_unit_test(volunteer_confirms_or_cancels),
        cmocka_unit_test(no_shows_when_done_and_undone),
        cmocka_unit_test(late_cancels_move_the_waitlist_up),
        cmocka_unit_test(no_cancel_or_promotion_once_begun),
        cmocka_unit_test_teardown(office_reminder_days, default_days),
        cmocka_unit_test_teardown(broken_stored_days_fall_back, default_days),
        cmocka_unit_test(not_before_the_hour),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
