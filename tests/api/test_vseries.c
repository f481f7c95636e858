/* Recurring volunteer events and members' own requests through HTTP (issue 16, h5):
 * a weekly and a monthly series, each occurrence its own event with its own sign-ups;
 * editing a series changes only its future occurrences, in one transaction; cancelling
 * it cancels them and tells their volunteers through the outbox; a member and a relative
 * post needs from the app and follow their status, another member's is 404; a double
 * submit makes one need. Office 530100 is written here; 532800 is the other office. Dates
 * come from the tests' clock (scripts/test.sh re-runs this file at pinned instants). */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"
#include "yinhui/volunteer_rules.h"

static char tok_km[2048];    /* 530100 admin */
static char tok_other[2048]; /* 532800 admin: another office */
static char tok_ma[2048], tok_mb[2048], tok_rel[2048];
static char mida[24], midb[24], team[24];
static unsigned idseq = 1;

static void sql(const char *q, const struct db_param *p, size_t n)
{
    struct db *db = test_db();
    assert_int_equal(db_exec(db, q, p, n, NULL, NULL, NULL), YH_OK);
    db_close(db);
}

/* A member of 530100 with an account of role; logs it in into tok. */
static void member_account(const char *user, const char *role, const char *mid, char *tok)
{
    char body[320], aid[24];
    snprintf(
        body, sizeof(body),
        "{\"username\":\"%s\",\"display_name\":\"点单\",\"role\":\"%s\",\"password\":\"vseries-pass-01\","
        "\"member_id\":\"%s\"}",
        user, role, mid);
    post_created("/v1/accounts", tok_km, body, aid, sizeof(aid));
    login("530100", user, "vseries-pass-01", tok, 2048, NULL, 0);
}

static void new_member(const char *name, char *id)
{
    char idno[19];
    idno_seq(idno, "530000", "1935", idseq++);
    member_create(tok_km, name, idno, "retired", "", id, 24);
}

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/vseries-server.log");
    login("530100", "admin", "demo-530100-pass", tok_km, sizeof(tok_km), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_other, sizeof(tok_other), NULL, 0);
    new_member("点单甲", mida);
    new_member("点单乙", midb);
    member_account("vs_member_a", "member", mida, tok_ma);
    member_account("vs_member_b", "member", midb, tok_mb);
    member_account("vs_relative_a", "relative", mida, tok_rel);
    team_create(tok_km, "银龄周三服务队", "culture", team, sizeof(team));
    return 0;
}

/* The China date days from now on the tests' clock. */
static void day_at(int days, char out[11])
{
    char t[26];
    test_cn_at((int64_t)days * 86400, t);
    snprintf(out, 11, "%.10s", t);
}

/* ISO weekday (1 Monday .. 7 Sunday) days from now, China time. */
static int weekday_at(int days)
{
    int64_t d = (test_now() + 8 * 3600) / 86400 + days;
    return (int)((d + 3) % 7) + 1;
}

/* A weekly series of 530100 on the weekday of from_days, from_days..to_days from now. */
static void weekly_series(const char *title, int from_days, int to_days, int capacity, char *id)
{
    char body[640], from[11], to[11];
    day_at(from_days, from);
    day_at(to_days, to);
    snprintf(body, sizeof(body),
             "{\"title\":\"%s\",\"description\":\"陪老人聊天、读报 "
             "📖\",\"team_id\":\"%s\",\"place\":\"五华区社区活动室\","
             "\"capacity\":%d,\"skills\":[\"陪伴\"],\"start_time\":\"09:30\",\"duration_minutes\":120,"
             "\"recurrence\":\"weekly\",\"weekday\":%d,\"from\":\"%s\",\"to\":\"%s\"}",
             title, team, capacity, weekday_at(from_days), from, to);
    post_created("/v1/volunteer-event-series", tok_km, body, id, 24);
}

/* The ids of the series' occurrences (up to max) into ids; their count. */
static int occurrences(const char *sid, char ids[][24], int max)
{
    char path[80];
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    cJSON *j = expect_json(200, "GET", path, tok_km, NULL);
    cJSON *occ = cJSON_GetObjectItemCaseSensitive(j, "occurrences"), *it = NULL;
    int n = 0;
    cJSON_ArrayForEach(it, occ)
    {
        if (n < max) {
            snprintf(ids[n], 24, "%s", cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring);
        }
        n++;
    }
    cJSON_Delete(j);
    return n;
}

/* Event id's string member name into out. */
static void event_field(const char *id, const char *name, char *out, size_t n)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", id);
    cJSON *j = expect_json(200, "GET", path, tok_km, NULL);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    if (cJSON_IsNumber(v)) {
        snprintf(out, n, "%d", v->valueint);
    } else {
        snprintf(out, n, "%s", cJSON_IsString(v) ? v->valuestring : "");
    }
    cJSON_Delete(j);
}

static void weekly_occurrences_are_events(void **s)
{
    (void)s;
    char sid[24], ids[8][24], path[96], val[64], vid[24];
    /* days 1, 8, 15, 22: four occurrences on the weekday of tomorrow */
    weekly_series("周三陪伴日", 1, 22, 3, sid);
    assert_int_equal(occurrences(sid, ids, 8), 4);
    event_field(ids[0], "title", val, sizeof(val));
    assert_string_equal(val, "周三陪伴日");
    event_field(ids[0], "status", val, sizeof(val));
    assert_string_equal(val, "open");
    event_field(ids[0], "starts_at", val, sizeof(val));
    char tomorrow[11];
    day_at(1, tomorrow);
    assert_int_equal(strncmp(val, tomorrow, 10), 0);
    assert_string_equal(val + 10, "T09:30:00+08:00");
    event_field(ids[3], "ends_at", val, sizeof(val));
    assert_string_equal(val + 10, "T11:30:00+08:00");
    /* each occurrence has its own sign-ups */
    post_created("/v1/volunteers", tok_km, "{\"name\":\"志愿者周\",\"phone\":\"13900005301\"}", vid,
                 sizeof(vid));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ids[1]);
    snprintf(val, sizeof(val), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_km, val);
    event_field(ids[1], "confirmed", val, sizeof(val));
    assert_string_equal(val, "1");
    event_field(ids[2], "confirmed", val, sizeof(val));
    assert_string_equal(val, "0");
    /* another office sees neither the series nor its occurrences */
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"title\":\"x\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s/cancel", sid);
    expect_with(404, "POST", path, tok_other, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ids[0]);
    expect(404, "GET", path, tok_other, NULL);
    /* the list holds it; members manage no series */
    cJSON *j = expect_json(200, "GET", "/v1/volunteer-event-series?status=active", tok_km, NULL);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")) >= 1);
    cJSON_Delete(j);
    expect(403, "GET", "/v1/volunteer-event-series", tok_ma, NULL);
    expect(403, "POST", "/v1/volunteer-event-series", tok_ma, "{}");
}

static void monthly_follows_the_rule(void **s)
{
    (void)s;
    char body[512], from[11], to[11], sid[24], ids[8][24], dates[8][11];
    struct vseries_rule rule = {true, 0, 31};
    day_at(1, from);
    day_at(120, to);
    int want = vseries_dates(&rule, from, to, dates, 8);
    assert_true(want >= 3);
    snprintf(
        body, sizeof(body),
        "{\"title\":\"月末理发\",\"place\":\"老干部活动中心\",\"capacity\":2,\"start_time\":\"14:00\","
        "\"duration_minutes\":90,\"recurrence\":\"monthly\",\"month_day\":31,\"from\":\"%s\",\"to\":\"%s\","
        "\"status\":\"draft\"}",
        from, to);
    post_created("/v1/volunteer-event-series", tok_km, body, sid, sizeof(sid));
    assert_int_equal(occurrences(sid, ids, 8), want);
    char val[64];
    for (int i = 0; i < want; i++) {
        event_field(ids[i], "starts_at", val, sizeof(val));
        assert_int_equal(strncmp(val, dates[i], 10), 0); /* the month's last day when it has no 31st */
        event_field(ids[i], "status", val, sizeof(val));
        assert_string_equal(val, "draft");
    }
}

/* POSTs a series body with from/to days from now and one replaced member, expecting
 * 422 naming field. */
static void bad_series(const char *extra, int from_days, int to_days, const char *field)
{
    char body[640], from[11], to[11];
    day_at(from_days, from);
    day_at(to_days, to);
    snprintf(body, sizeof(body),
             "{\"title\":\"坏\",\"place\":\"某地\",\"capacity\":2,\"duration_minutes\":60,\"from\":\"%s\","
             "\"to\":\"%s\",%s}",
             from, to, extra);
    expect_field(422, "POST", "/v1/volunteer-event-series", tok_km, body, field);
}

static void bad_input_names_the_field(void **s)
{
    (void)s;
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\"", 1, 20, "weekday");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"monthly\"", 1, 20, "month_day");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2,\"month_day\":3", 1, 20,
               "month_day");
    bad_series("\"start_time\":\"25:00\",\"recurrence\":\"weekly\",\"weekday\":2", 1, 20, "start_time");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"daily\",\"weekday\":2", 1, 20, "recurrence");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":8", 1, 20, "weekday");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2", -3, 20, "from");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2", 10, 5, "to");
    /* more than 104 occurrences: two years and more of a weekly series */
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2", 1, 1 + 7 * 105, "to");
    /* no occurrence in the period: one day, not the series' weekday */
    char extra[96];
    snprintf(extra, sizeof(extra), "\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":%d",
             weekday_at(3));
    bad_series(extra, 2, 2, "to");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2,\"team_id\":\"999999999\"",
               1, 20, "team_id");
    bad_series("\"start_time\":\"09:00\",\"recurrence\":\"weekly\",\"weekday\":2,\"skills\":[\"有,逗号\"]", 1,
               20, "skills");
    expect(400, "POST", "/v1/volunteer-event-series", tok_km, "{\"title\":");
}

/* If-Match of series sid as a header line into h. */
static void series_if_match(const char *sid, char *h, size_t n)
{
    char path[80];
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    if_match(path, tok_km, h, n);
}

/* Moves occurrence id two days into the past (as if it had been held). */
static void into_the_past(const char *id)
{
    char a[26], b[26], starts[20], ends[20];
    test_cn_at(-2 * 86400, a);
    test_cn_at(-2 * 86400 + 3600, b);
    snprintf(starts, sizeof(starts), "%.10s %.8s", a, a + 11);
    snprintf(ends, sizeof(ends), "%.10s %.8s", b, b + 11);
    struct db_param p[] = {P_STR(starts), P_STR(ends), P_STR(id)};
    sql("UPDATE volunteer_events SET starts_at = ?, ends_at = ? WHERE id = ?", p, 3);
}

static void editing_changes_future_occurrences_only(void **s)
{
    (void)s;
    char sid[24], ids[8][24], h[64], path[96], val[96], v1[24], v2[24], body[96];
    weekly_series("读报会", 1, 29, 2, sid);
    assert_int_equal(occurrences(sid, ids, 8), 5);
    into_the_past(ids[0]);
    /* one occurrence cancelled on its own stays so */
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ids[4]);
    if_match(path, tok_km, h, sizeof(h));
    expect_with(200, "PATCH", path, tok_km, "{\"status\":\"cancelled\"}", (const char *const[]){h, NULL});
    /* and tells its volunteers as a series' cancel does, outside any series (fix B19) */
    char needle[96];
    snprintf(needle, sizeof(needle), "{\"event_id\":\"%s\",\"series_id\":null,", ids[4]);
    assert_int_equal(outbox_count("volunteer_event.cancelled", needle), 1);
    /* the second is full: the capacity may not go below its confirmed, and nothing changes */
    post_created("/v1/volunteers", tok_km, "{\"name\":\"志愿者甲\",\"phone\":\"13900005302\"}", v1,
                 sizeof(v1));
    post_created("/v1/volunteers", tok_km, "{\"name\":\"志愿者乙\",\"phone\":\"13900005303\"}", v2,
                 sizeof(v2));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ids[1]);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", v1);
    expect(201, "POST", path, tok_km, body);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", v2);
    expect(201, "POST", path, tok_km, body);
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    series_if_match(sid, h, sizeof(h));
    expect_problem_with(409, "PATCH", path, tok_km, "{\"title\":\"读报会（新）\",\"capacity\":1}",
                        (const char *const[]){h, NULL});
    event_field(ids[2], "title", val, sizeof(val));
    assert_string_equal(val, "读报会");
    /* without If-Match 428, stale 412, how it recurs 422 */
    expect(428, "PATCH", path, tok_km, "{\"title\":\"x\"}");
    expect_with(412, "PATCH", path, tok_km, "{\"title\":\"x\"}",
                (const char *const[]){"If-Match: \"99\"", NULL});
    expect_with(422, "PATCH", path, tok_km, "{\"weekday\":3}", (const char *const[]){h, NULL});
    expect_with(422, "PATCH", path, tok_km, "{\"start_time\":\"9点\"}", (const char *const[]){h, NULL});
    /* a cached list of the team's events, read before the change */
    char list[96];
    snprintf(list, sizeof(list), "/v1/volunteer-events?team=%s&status=open", team);
    expect(200, "GET", list, tok_km, NULL);
    /* the change: title, capacity and time; the future open ones follow */
    expect_with(
        200, "PATCH", path, tok_km,
        "{\"title\":\"读报会（新）\",\"capacity\":4,\"start_time\":\"15:00\",\"duration_minutes\":60}",
        (const char *const[]){h, NULL});
    for (int i = 1; i < 4; i++) {
        event_field(ids[i], "title", val, sizeof(val));
        assert_string_equal(val, "读报会（新）");
        event_field(ids[i], "capacity", val, sizeof(val));
        assert_string_equal(val, "4");
        event_field(ids[i], "starts_at", val, sizeof(val));
        assert_string_equal(val + 10, "T15:00:00+08:00");
        event_field(ids[i], "ends_at", val, sizeof(val));
        assert_string_equal(val + 10, "T16:00:00+08:00");
    }
    /* the past one and the one cancelled alone stay as they were */
    event_field(ids[0], "title", val, sizeof(val));
    assert_string_equal(val, "读报会");
    event_field(ids[0], "capacity", val, sizeof(val));
    assert_string_equal(val, "2");
    event_field(ids[4], "title", val, sizeof(val));
    assert_string_equal(val, "读报会");
    event_field(ids[4], "status", val, sizeof(val));
    assert_string_equal(val, "cancelled");
    /* the series' events list (cached) shows the change */
    cJSON *j = expect_json(200, "GET", list, tok_km, NULL);
    char *text = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(text, "读报会（新）"));
    free(text);
    cJSON_Delete(j);
}

/* A new time never moves an occurrence into the past: today's, not yet begun, keeps its
 * time when the new one has passed (fix B16). */
static void time_moves_stay_after_now(void **s)
{
    (void)s;
    char sid[24], ids[4][24], h[64], path[96], val[64], soon[26], today[26], starts[20];
    weekly_series("晚间读报", 7, 14, 3, sid);
    assert_int_equal(occurrences(sid, ids, 4), 2);
    test_cn_at(120, soon);
    test_cn_at(0, today);
    if (strncmp(soon, today, 10) != 0) {
        return; /* two minutes before midnight: no later time today to test with */
    }
    snprintf(starts, sizeof(starts), "%.10s %.8s", soon, soon + 11);
    struct db_param p[] = {P_STR(starts), P_STR(starts), P_STR(ids[0])};
    sql("UPDATE volunteer_events SET starts_at = ?, ends_at = CAST(? AS DATETIME) + INTERVAL 1 HOUR WHERE id "
        "= ?",
        p, 3);
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    series_if_match(sid, h, sizeof(h));
    expect_with(200, "PATCH", path, tok_km, "{\"start_time\":\"00:00\"}", (const char *const[]){h, NULL});
    event_field(ids[0], "starts_at", val, sizeof(val));
    assert_int_equal(strncmp(val, soon, 19), 0); /* today's keeps its time */
    event_field(ids[1], "starts_at", val, sizeof(val));
    assert_string_equal(val + 10, "T00:00:00+08:00"); /* a later one moves */
}

/* A booked occurrence (venues) moves only within its booking: 409 naming it (fix B16). */
static void time_moves_keep_to_the_booking(void **s)
{
    (void)s;
    char sid[24], ids[4][24], h[64], path[96], body[512], val[64], day[11], venue[24], room[24], bk[24];
    struct http_res r;
    weekly_series("护林巡查", 21, 21, 3, sid);
    assert_int_equal(occurrences(sid, ids, 4), 1);
    day_at(21, day);
    post_created(
        "/v1/venues", tok_km,
        "{\"name\":\"系列测试中心\",\"kind\":\"activity_centre\",\"address\":\"五华区某路1号\","
        "\"area_m2\":500,\"opening_hours\":{\"mon\":\"08:00-20:00\",\"tue\":\"08:00-20:00\",\"wed\":"
        "\"08:00-20:00\",\"thu\":\"08:00-20:00\",\"fri\":\"08:00-20:00\",\"sat\":\"08:00-20:00\",\"sun\":"
        "\"08:00-20:00\"}}",
        venue, sizeof(venue));
    snprintf(path, sizeof(path), "/v1/venues/%s/rooms", venue);
    post_created(path, tok_km, "{\"name\":\"活动室\",\"capacity\":20}", room, sizeof(room));
    snprintf(path, sizeof(path), "/v1/rooms/%s/bookings", room);
    snprintf(
        body, sizeof(body),
        "{\"booker_kind\":\"office\",\"starts_at\":\"%sT09:00:00+08:00\",\"ends_at\":\"%sT12:00:00+08:00\","
        "\"purpose\":\"护林巡查\",\"expected_people\":10}",
        day, day);
    post_created(path, tok_km, body, bk, sizeof(bk));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s", ids[0]);
    if_match(path, tok_km, h, sizeof(h));
    snprintf(body, sizeof(body), "{\"booking_id\":\"%s\"}", bk);
    expect_with(200, "PATCH", path, tok_km, body, (const char *const[]){h, NULL});
    /* 14:00-16:00 is outside the booking (09:00-12:00): refused, naming it; nothing moves */
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    series_if_match(sid, h, sizeof(h));
    assert_int_equal(req("PATCH", path, tok_km, "application/json", "{\"start_time\":\"14:00\"}",
                         (const char *const[]){h, NULL}, &r),
                     409);
    snprintf(val, sizeof(val), "booking %s", bk);
    if (strstr(r.body, val) == NULL) {
        fail_msg("409 without the booking: %s", r.body);
    }
    http_free(&r);
    event_field(ids[0], "starts_at", val, sizeof(val));
    assert_string_equal(val + 10, "T09:30:00+08:00");
    /* 09:45-11:45 is within it */
    expect_with(200, "PATCH", path, tok_km, "{\"start_time\":\"09:45\"}", (const char *const[]){h, NULL});
    event_field(ids[0], "starts_at", val, sizeof(val));
    assert_string_equal(val + 10, "T09:45:00+08:00");
}

/* n volunteers of 530100 waitlisted on event id, written by SQL (more than the API
 * test should post one by one), named after the event so that they can be removed. */
static void many_signed_up(const char *id, int n)
{
    char name[40];
    snprintf(name, sizeof(name), "批量%s-", id);
    struct db_param p[] = {P_STR(name), P_I64(n)};
    sql("INSERT INTO volunteers (office_code, name) SELECT '530100', CONCAT(?, seq) FROM seq_1_to_1000 "
        "WHERE seq <= ?",
        p, 2);
    struct db_param q[] = {P_STR(id), P_STR(name)};
    sql("INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status) SELECT '530100', ?, id, "
        "'waitlisted' FROM volunteers WHERE office_code = '530100' AND name LIKE CONCAT(?, '%')",
        q, 2);
}

/* Removes what many_signed_up(id) wrote, so that no other test counts them. */
static void many_signed_up_gone(const char *id)
{
    char name[40];
    snprintf(name, sizeof(name), "批量%s-", id);
    struct db_param p[] = {P_STR(id)};
    sql("DELETE FROM volunteer_signups WHERE event_id = ? AND volunteer_id IN (SELECT id FROM volunteers "
        "WHERE name LIKE '批量%')",
        p, 1);
    struct db_param q[] = {P_STR(name)};
    sql("DELETE FROM volunteers WHERE office_code = '530100' AND name LIKE CONCAT(?, '%')", q, 1);
}

static void cancelling_tells_the_volunteers(void **s)
{
    (void)s;
    char sid[24], ids[8][24], h[64], path[96], val[64], vid[24], body[96], needle[128];
    weekly_series("太极晨练", 1, 15, 3, sid);
    assert_int_equal(occurrences(sid, ids, 8), 3);
    into_the_past(ids[0]);
    post_created("/v1/volunteers", tok_km, "{\"name\":\"志愿者丙\",\"phone\":\"13900005304\"}", vid,
                 sizeof(vid));
    snprintf(path, sizeof(path), "/v1/volunteer-events/%s/signups", ids[1]);
    snprintf(body, sizeof(body), "{\"volunteer_id\":\"%s\"}", vid);
    expect(201, "POST", path, tok_km, body);
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s/cancel", sid);
    expect(428, "POST", path, tok_km, NULL);
    series_if_match(sid, h, sizeof(h));
    many_signed_up(ids[2], 260);
    expect_with(200, "POST", path, tok_km, NULL, (const char *const[]){h, NULL});
    many_signed_up_gone(ids[2]);
    event_field(ids[0], "status", val, sizeof(val));
    assert_string_equal(val, "open");
    for (int i = 1; i < 3; i++) {
        event_field(ids[i], "status", val, sizeof(val));
        assert_string_equal(val, "cancelled");
    }
    /* one webhook event per cancelled occurrence, ids only: however many signed up, the
     * payload stays small (fix B1) */
    snprintf(needle, sizeof(needle), "\"series_id\":\"%s\"", sid);
    assert_int_equal(outbox_count("volunteer_event.cancelled", needle), 2);
    for (int i = 1; i < 3; i++) {
        snprintf(needle, sizeof(needle), "{\"event_id\":\"%s\",\"series_id\":\"%s\",\"starts_at\":\"", ids[i],
                 sid);
        assert_int_equal(outbox_count("volunteer_event.cancelled", needle), 1);
    }
    assert_int_equal(outbox_count("volunteer_event.cancelled", "volunteer_nos"), 0);
    /* a cancelled series cannot be changed */
    series_if_match(sid, h, sizeof(h));
    snprintf(path, sizeof(path), "/v1/volunteer-event-series/%s", sid);
    expect_with(409, "PATCH", path, tok_km, "{\"title\":\"x\"}", (const char *const[]){h, NULL});
}

/* A member's need body starting days from now. */
static void need_body(char *out, size_t n, const char *title, int days, const char *extra)
{
    char a[26], b[26];
    test_cn_at((int64_t)days * 86400, a);
    test_cn_at((int64_t)days * 86400 + 7200, b);
    snprintf(out, n,
             "{\"title\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"五华区某小区3栋\"%s}",
             title, a, b, extra);
}

static void members_post_and_follow_needs(void **s)
{
    (void)s;
    char body[512], id[24], rid[24], bid[24], path[96], h[64], dispatch[96];
    need_body(body, sizeof(body), "陪同去医院复查", 3,
              ",\"skills\":[\"陪诊\"],\"description\":\"腿脚不便 🙏\"");
    post_created("/v1/volunteer-needs/mine", tok_ma, body, id, sizeof(id));
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s", id);
    cJSON *j = expect_json(200, "GET", path, tok_ma, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "status")->valuestring, "requested");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "member_id")->valuestring, mida);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "requester")->valuestring, "member (app)");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "capacity")->valueint, 1);
    cJSON_Delete(j);
    /* the relative acts for the same member: sees it, and posts for it */
    expect(200, "GET", path, tok_rel, NULL);
    need_body(body, sizeof(body), "帮忙买菜", 2, "");
    post_created("/v1/volunteer-needs/mine", tok_rel, body, rid, sizeof(rid));
    j = expect_json(200, "GET", "/v1/volunteer-needs/mine", tok_ma, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 2);
    cJSON_Delete(j);
    /* another member sees none of them */
    expect(404, "GET", path, tok_mb, NULL);
    need_body(body, sizeof(body), "乙的请求", 2, "");
    post_created("/v1/volunteer-needs/mine", tok_mb, body, bid, sizeof(bid));
    j = expect_json(200, "GET", "/v1/volunteer-needs/mine", tok_mb, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s", bid);
    expect(404, "GET", path, tok_rel, NULL);
    /* staff use the office's list; another office sees nothing */
    expect(403, "GET", "/v1/volunteer-needs/mine", tok_km, NULL);
    expect(403, "GET", "/v1/volunteer-needs", tok_ma, NULL);
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s", id);
    expect(404, "GET", path, tok_other, NULL);
    /* the office dispatches as today; the member sees the status move */
    if_match(path, tok_km, h, sizeof(h));
    snprintf(path, sizeof(path), "/v1/volunteer-needs/%s/dispatch", id);
    snprintf(dispatch, sizeof(dispatch), "{\"team_id\":\"%s\"}", team);
    expect_with(200, "POST", path, tok_km, dispatch, (const char *const[]){h, NULL});
    j = expect_json(200, "GET", "/v1/volunteer-needs/mine?status=dispatched", tok_rel, NULL);
    cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "id")->valuestring,
                        id);
    cJSON_Delete(j);
    /* the member withdraws the relative's request; another member cannot, nor twice */
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s", rid);
    if_match(path, tok_ma, h, sizeof(h));
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s/cancel", rid);
    expect_with(404, "POST", path, tok_mb, NULL, (const char *const[]){h, NULL});
    expect(428, "POST", path, tok_ma, NULL);
    expect_with(200, "POST", path, tok_ma, NULL, (const char *const[]){h, NULL});
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s", rid);
    if_match(path, tok_rel, h, sizeof(h));
    snprintf(path, sizeof(path), "/v1/volunteer-needs/mine/%s/cancel", rid);
    expect_problem_with(409, "POST", path, tok_rel, NULL, (const char *const[]){h, NULL});
    j = expect_json(200, "GET", "/v1/volunteer-needs/mine?status=cancelled", tok_ma, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
}

static void member_need_bad_input(void **s)
{
    (void)s;
    char body[512];
    need_body(body, sizeof(body), "昨天的事", -1, "");
    expect_field(422, "POST", "/v1/volunteer-needs/mine", tok_ma, body, "starts_at");
    need_body(body, sizeof(body), "人太多", 2, ",\"capacity\":50");
    expect_field(422, "POST", "/v1/volunteer-needs/mine", tok_ma, body, "capacity");
    need_body(body, sizeof(body), "", 2, "");
    expect_field(422, "POST", "/v1/volunteer-needs/mine", tok_ma, body, "title");
    need_body(body, sizeof(body), "电话", 2, ",\"contact\":\"13900000000\"");
    expect_field(422, "POST", "/v1/volunteer-needs/mine", tok_ma, body, "contact");
    expect_field(422, "POST", "/v1/volunteer-needs/mine", tok_ma, "{\"title\":\"只有标题\"}", "starts_at");
    expect(403, "POST", "/v1/volunteer-needs/mine", tok_km, body);
}

struct submit {
    const char *body;
    long status;
};

static void *submit_once(void *p)
{
    struct submit *x = p;
    struct http_res r;
    const char *const key[] = {"Idempotency-Key: vseries-need-double-1", NULL};
    x->status = req("POST", "/v1/volunteer-needs/mine", tok_mb, "application/json", x->body, key, &r);
    http_free(&r);
    return NULL;
}

static void double_submit_makes_one_need(void **s)
{
    (void)s;
    enum { N = 4 };
    char body[512];
    pthread_t th[N];
    struct submit x[N];
    int created = 0;
    need_body(body, sizeof(body), "双击提交的请求", 4, "");
    for (int i = 0; i < N; i++) {
        x[i] = (struct submit){body, 0};
        pthread_create(&th[i], NULL, submit_once, &x[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_true(x[i].status == 201 || x[i].status == 409);
        created += x[i].status == 201;
    }
    assert_true(created >= 1);
    struct db_param p[] = {P_STR(midb), P_STR("双击提交的请求")};
    assert_int_equal(
        test_db_count("SELECT COUNT(*) FROM volunteer_needs WHERE member_id = ? AND title = ?", p, 2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekly_occurrences_are_events),
        cmocka_unit_test(monthly_follows_the_rule),
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test(editing_changes_future_occurrences_only),
        cmocka_unit_test(cancelling_tells_the_volunteers),
        cmocka_unit_test(time_moves_stay_after_now),
        cmocka_unit_test(time_moves_keep_to_the_booking),
        cmocka_unit_test(members_post_and_follow_needs),
        cmocka_unit_test(member_need_bad_input),
        cmocka_unit_test(double_submit_makes_one_need),
    };
    return cmocka_run_group_tests_name("volunteer series and members' needs", tests, setup, api_stop);
}
