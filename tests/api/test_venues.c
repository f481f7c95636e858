/* Venues (阵地) through HTTP: venues with the 六有 checklist and opening hours, rooms,
 * bookings by the office, branches, associations and teams within the hours in whole half
 * hours (over midnight, the past, the capacity refused naming the field), never
 * overlapping — 12 parallel overlapping POSTs give exactly one 201 and 409s naming the
 * booking they collide with, adjacent bookings both succeed —, cancel freeing the time,
 * the people served recorded afterwards, the calendar cached and changed at once by every
 * booking write, usage by booker kind without the cancelled, a secretary booking for its
 * own branch only, and another office's token 404 on every id. Office 530000 is written
 * here (members with ID numbers of division 530000, born 1935). */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"
#include "yinhui/venues.h"

static char tok[2048], tok_other[2048];
static char tomorrow[11], later[11]; /* later: a week after tomorrow */

#define OPEN_ALL                                                                                             \
    "\"mon\":\"08:00-20:00\",\"tue\":\"08:00-20:00\",\"wed\":\"08:00-20:00\",\"thu\":\"08:00-20:00\","
#define WEEK "{" OPEN_ALL "\"fri\":\"08:00-20:00\",\"sat\":\"08:00-20:00\",\"sun\":\"08:00-20:00\"}"

static int setup(void **s)
{
    (void)s;
    char today[11];
    api_start(NULL, "build/test-logs/venues-server.log");
    login("530000", "admin", "demo-530000-pass", tok, sizeof(tok), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_other, sizeof(tok_other), NULL, 0);
    test_today(today);
    venue_next_day(today, tomorrow);
    snprintf(later, sizeof(later), "%s", tomorrow);
    for (int i = 0; i < 7; i++) {
        venue_next_day(later, later);
    }
    return 0;
}

/* A venue of the office of token open every day 08:00-20:00; its id. */
static void venue_make(const char *token, const char *name, char *id, size_t len)
{
    char body[512];
    snprintf(
        body, sizeof(body),
        "{\"name\":\"%s\",\"kind\":\"activity_centre\",\"address\":\"景洪市宣慰大道1号\",\"area_m2\":3000,"
        "\"opening_hours\":" WEEK "}",
        name);
    post_created("/v1/venues", token, body, id, len);
}

static void room_make(const char *token, const char *venue, const char *name, int capacity, char *id,
                      size_t len)
{
    char path[64], body[256];
    snprintf(path, sizeof(path), "/v1/venues/%s/rooms", venue);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"capacity\":%d,\"facilities\":[\"投影仪\",\"音响\"]}",
             name, capacity);
    post_created(path, token, body, id, len);
}

/* A booking body of day from..to (HH:MM) by kind (id "" for none). */
static void booking_body(char *out, size_t len, const char *day, const char *from, const char *to,
                         const char *kind, const char *bid, int people)
{
    char booker[64] = "";
    if (bid[0]) {
        snprintf(booker, sizeof(booker), ",\"booker_id\":\"%s\"", bid);
    }
    snprintf(out, len,
             "{\"booker_kind\":\"%s\"%s,\"starts_at\":\"%sT%s:00+08:00\",\"ends_at\":\"%sT%s:00+08:00\","
             "\"purpose\":\"主题党日 🎉\",\"expected_people\":%d}",
             kind, booker, day, from, day, to, people);
}

/* Books room as token; returns the status, the new id into id (when 201). */
static long book(const char *token, const char *room, const char *day, const char *from, const char *to,
                 const char *kind, const char *bid, char *id, size_t len, char *detail, size_t dlen)
{
    char path[64], body[512];
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/rooms/%s/bookings", room);
    booking_body(body, sizeof(body), day, from, to, kind, bid, 10);
    long st = jreq("POST", path, token, body, &r);
    if (id != NULL && st == 201) {
        assert_true(json_member(r.body, "id", id, len));
    }
    if (detail != NULL) {
        snprintf(detail, dlen, "%s", r.body ? r.body : "");
    }
    http_free(&r);
    return st;
}

static void venues_and_rooms(void **s)
{
    (void)s;
    struct http_res r;
    char vid[24], rid[24], path[96], hdr[64], body[512];
    snprintf(
        body, sizeof(body),
        "{\"name\":\"老干部活动中心（新楼）\",\"kind\":\"activity_centre\",\"area_m2\":3000,\"six_has\":{"
        "\"place\":true,\"flag_sign\":true,\"rules\":true},\"opening_hours\":{" OPEN_ALL "\"fri\":null}}");
    post_created("/v1/venues", tok, body, vid, sizeof(vid));
    snprintf(path, sizeof(path), "/v1/venues/%s", vid);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "six_complete")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "six_missing")), 3);
    const cJSON *hours = cJSON_GetObjectItemCaseSensitive(j, "opening_hours");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(hours, "mon")->valuestring, "08:00-20:00");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(hours, "fri")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(hours, "sun")));
    cJSON_Delete(j);
    /* bad input names the field */
    expect_field(422, "POST", "/v1/venues", tok, "{\"name\":\"缺开放时间\",\"kind\":\"other\"}",
                 "opening_hours");
    expect_field(422, "POST", "/v1/venues", tok,
                 "{\"name\":\"半点\",\"kind\":\"other\",\"opening_hours\":{\"mon\":\"08:15-18:00\"}}",
                 "opening_hours");
    expect_field(422, "POST", "/v1/venues", tok,
                 "{\"name\":\"反了\",\"kind\":\"other\",\"opening_hours\":{\"mon\":\"18:00-08:00\"}}",
                 "opening_hours");
    expect_field(422, "POST", "/v1/venues", tok, "{\"name\":\"x\",\"kind\":\"castle\",\"opening_hours\":{}}",
                 "kind");
    expect_field(422, "POST", "/v1/venues", tok,
                 "{\"name\":\"x\",\"kind\":\"other\",\"opening_hours\":{},\"six_has\":{\"garden\":true}}",
                 "six_has");
    expect_field(422, "POST", "/v1/venues", tok, "{\"name\":\"\",\"kind\":\"other\",\"opening_hours\":{}}",
                 "name");
    expect_field(422, "POST", "/v1/venues", tok,
                 "{\"name\":\"x\",\"kind\":\"other\",\"opening_hours\":{},\"color\":1}", "color");
    expect(409, "POST", "/v1/venues", tok, body); /* the same name */
    /* patch with If-Match: all 六有 now */
    expect(428, "PATCH", path, tok, "{\"six_has\":{\"furniture\":true}}");
    if_match(path, tok, hdr, sizeof(hdr));
    const char *h[] = {hdr, NULL};
    expect_with(
        200, "PATCH", path, tok,
        "{\"six_has\":{\"furniture\":true,\"reading\":true,\"av\":true},\"opening_hours\":{\"fri\":\"09:00-"
        "11:30\"}}",
        h);
    expect_with(412, "PATCH", path, tok, "{\"area_m2\":2000}", h);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "six_complete")));
    hours = cJSON_GetObjectItemCaseSensitive(j, "opening_hours");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(hours, "fri")->valuestring, "09:00-11:30");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(hours, "mon")->valuestring, "08:00-20:00");
    cJSON_Delete(j);
    /* rooms */
    room_make(tok, vid, "多功能厅", 120, rid, sizeof(rid));
    snprintf(path, sizeof(path), "/v1/venues/%s/rooms", vid);
    expect_field(422, "POST", path, tok, "{\"name\":\"零座\",\"capacity\":0}", "capacity");
    expect_field(422, "POST", path, tok, "{\"name\":\"书画室\",\"capacity\":20,\"facilities\":[\"a,b\"]}",
                 "facilities");
    expect(409, "POST", path, tok, "{\"name\":\"多功能厅\",\"capacity\":20}");
    room_make(tok, vid, "书画室", 20, rid, sizeof(rid));
    assert_int_equal(jreq("GET", "/v1/venues/x/rooms", tok, NULL, &r), 400);
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/venues/%s/rooms?limit=1", vid);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "next_cursor")));
    cJSON_Delete(j);
    venue_make(tok, "第二阵地", rid, sizeof(rid));
    j = expect_json(200, "GET", "/v1/venues?limit=1", tok, NULL);
    assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "next_cursor")));
    cJSON_Delete(j);
}

/* Times, capacity and bookers refused naming the field; adjacent bookings succeed; an
 * overlap is 409 naming the booking it collides with. */
static void booking_rules(void **s)
{
    (void)s;
    char vid[24], rid[24], bid[24], team[24], b1[24], b2[24], other_branch[24], detail[2048], yesterday[11];
    venue_make(tok, "规则测试中心", vid, sizeof(vid));
    room_make(tok, vid, "会议室", 30, rid, sizeof(rid));
    branch_create(tok, "规则测试支部", "regular", "community", bid, sizeof(bid));
    team_create(tok, "规则测试志愿队", "culture", team, sizeof(team));
    branch_create(tok_other, "别局支部", "regular", "community", other_branch, sizeof(other_branch));
    assert_int_equal(book(tok, rid, tomorrow, "09:00", "10:00", "branch", bid, b1, sizeof(b1), NULL, 0), 201);
    assert_int_equal(
        book(tok, rid, tomorrow, "09:30", "10:30", "team", team, NULL, 0, detail, sizeof(detail)), 409);
    assert_non_null(strstr(detail, b1));
    assert_non_null(strstr(detail, "规则测试支部"));
    assert_int_equal(
        book(tok, rid, tomorrow, "08:00", "12:00", "office", "", NULL, 0, detail, sizeof(detail)), 409);
    assert_non_null(strstr(detail, b1));
    /* adjacent on both sides */
    assert_int_equal(book(tok, rid, tomorrow, "10:00", "11:00", "team", team, b2, sizeof(b2), NULL, 0), 201);
    assert_int_equal(book(tok, rid, tomorrow, "08:00", "09:00", "office", "", NULL, 0, NULL, 0), 201);
    /* the fields at fault */
    char path[64], body[512];
    snprintf(path, sizeof(path), "/v1/rooms/%s/bookings", rid);
    booking_body(body, sizeof(body), tomorrow, "09:15", "11:00", "office", "", 5);
    expect_field(422, "POST", path, tok, body, "starts_at");
    booking_body(body, sizeof(body), tomorrow, "13:00", "13:00", "office", "", 5);
    expect_field(422, "POST", path, tok, body, "ends_at");
    booking_body(body, sizeof(body), tomorrow, "07:00", "09:00", "office", "", 5);
    expect_field(422, "POST", path, tok, body, "starts_at");
    booking_body(body, sizeof(body), tomorrow, "19:00", "20:30", "office", "", 5);
    expect_field(422, "POST", path, tok, body, "starts_at");
    snprintf(
        body, sizeof(body),
        "{\"booker_kind\":\"office\",\"starts_at\":\"%sT19:30:00+08:00\",\"ends_at\":\"%sT00:30:00+08:00\","
        "\"purpose\":\"跨夜\",\"expected_people\":5}",
        tomorrow, later);
    expect_field(422, "POST", path, tok, body, "ends_at");
    booking_body(body, sizeof(body), tomorrow, "14:00", "15:00", "office", "", 31);
    expect_field(422, "POST", path, tok, body, "expected_people");
    booking_body(body, sizeof(body), tomorrow, "14:00", "15:00", "office", bid, 5);
    expect_field(422, "POST", path, tok, body, "booker_id");
    booking_body(body, sizeof(body), tomorrow, "14:00", "15:00", "branch", "", 5);
    expect_field(422, "POST", path, tok, body, "booker_id");
    booking_body(body, sizeof(body), tomorrow, "14:00", "15:00", "branch", other_branch, 5);
    expect_field(422, "POST", path, tok, body, "booker_id");
    booking_body(body, sizeof(body), tomorrow, "14:00", "15:00", "association", bid, 5);
    expect_field(422, "POST", path, tok, body, "booker_id");
    char t[11];
    test_today(t);
    snprintf(yesterday, sizeof(yesterday), "%04u-01-01", (unsigned)(atoi(t) - 1) % 10000); /* a past day */
    booking_body(body, sizeof(body), yesterday, "09:00", "10:00", "office", "", 5);
    expect_field(422, "POST", path, tok, body, "starts_at");
    /* the same Idempotency-Key twice: one booking */
    const char *idem[] = {"Idempotency-Key: venue-booking-once-1", NULL};
    booking_body(body, sizeof(body), tomorrow, "16:00", "17:00", "office", "", 5);
    expect_with(201, "POST", path, tok, body, idem);
    expect_with(201, "POST", path, tok, body, idem);
    assert_int_equal(book(tok, rid, tomorrow, "16:30", "17:00", "office", "", NULL, 0, NULL, 0), 409);
    /* an inactive room takes no new booking; the list's dates are dates */
    char room_path[64], hdr[64];
    snprintf(room_path, sizeof(room_path), "/v1/rooms/%s", rid);
    if_match(room_path, tok, hdr, sizeof(hdr));
    const char *h[] = {hdr, NULL};
    expect_with(200, "PATCH", room_path, tok, "{\"active\":false}", h);
    assert_int_equal(
        book(tok, rid, tomorrow, "18:00", "19:00", "office", "", NULL, 0, detail, sizeof(detail)), 409);
    assert_non_null(strstr(detail, "inactive"));
    snprintf(room_path, sizeof(room_path), "/v1/rooms/%s/bookings?from=2027-13-01", rid);
    expect_problem(400, "GET", room_path, tok, NULL);
    snprintf(room_path, sizeof(room_path), "/v1/rooms/%s/bookings?to=%sx", rid, tomorrow);
    expect_problem(400, "GET", room_path, tok, NULL);
}

struct racer {
    char room[24], from[6], to[6];
    long status;
    char body[1024];
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256], body[512];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s/v1/rooms/%s/bookings", api_base, x->room);
    booking_body(body, sizeof(body), tomorrow, x->from, x->to, "office", "", 5);
    x->status = http_do("POST", url, h, body, strlen(body), &r) == 0 ? r.status : -1;
    snprintf(x->body, sizeof(x->body), "%s", r.body ? r.body : "");
    http_free(&r);
    return NULL;
}

/* 12 parallel POSTs over overlapping times of one room: exactly one 201, the rest 409
 * naming the winner; the slot table holds the winner's half hours only. */
static void never_overlapping_under_concurrency(void **s)
{
    (void)s;
    enum { N = 12 };
    /* every pair shares 10:00-10:30 */
    static const char *const from[] = {"09:00", "09:30", "10:00", "09:00", "08:30", "10:00"};
    static const char *const to[] = {"11:00", "10:30", "11:00", "12:00", "11:30", "10:30"};
    struct racer rs[N];
    pthread_t th[N];
    char vid[24], rid[24], winner[24] = "";
    venue_make(tok, "并发测试中心", vid, sizeof(vid));
    room_make(tok, vid, "大礼堂", 300, rid, sizeof(rid));
    for (int i = 0; i < N; i++) {
        snprintf(rs[i].room, sizeof(rs[i].room), "%s", rid);
        snprintf(rs[i].from, sizeof(rs[i].from), "%s", from[i % 6]);
        snprintf(rs[i].to, sizeof(rs[i].to), "%s", to[i % 6]);
    }
    for (int i = 0; i < N; i++) {
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    int created = 0, conflicts = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        created += rs[i].status == 201;
        conflicts += rs[i].status == 409;
        if (rs[i].status == 201) {
            assert_true(json_member(rs[i].body, "id", winner, sizeof(winner)));
        } else if (rs[i].status != 409) {
            fprintf(stderr, "racer %d: %ld %s\n", i, rs[i].status, rs[i].body);
        }
    }
    assert_int_equal(created, 1);
    assert_int_equal(conflicts, N - 1);
    for (int i = 0; i < N; i++) {
        if (rs[i].status == 409) {
            assert_non_null(strstr(rs[i].body, winner));
        }
    }
    struct db_param p[] = {P_I64(strtoll(rid, NULL, 10))};
    long slots = test_db_count("SELECT COUNT(*) FROM room_booking_slots WHERE room_id = ?", p, 1);
    long booked = test_db_count("SELECT COUNT(*) FROM room_bookings WHERE room_id = ?", p, 1);
    assert_int_equal(booked, 1);
    assert_true(slots >= 1 && slots <= 8);
    /* the database refuses a second holder of a half hour even without the service */
    struct db *db = test_db();
    struct db_param q[] = {P_I64(strtoll(winner, NULL, 10)), P_I64(strtoll(rid, NULL, 10))};
    assert_int_equal(
        db_exec(db,
                "INSERT INTO room_booking_slots (room_id, slot_start, booking_id) SELECT room_id, "
                "slot_start, ? FROM room_booking_slots WHERE room_id = ? LIMIT 1",
                q, 2, NULL, NULL, NULL),
        YH_ERR_CONFLICT);
    db_close(db);
}

/* A past booking of room written straight into the store (the API books only from now
 * on); its id. */
static int64_t past_booking(const char *room, const char *venue, const char *day, const char *kind,
                            int64_t booker)
{
    struct db *db = test_db();
    char s[20], e[20];
    int64_t id = 0;
    snprintf(s, sizeof(s), "%s 09:00:00", day);
    snprintf(e, sizeof(e), "%s 11:00:00", day);
    struct db_param p[] = {P_I64(strtoll(room, NULL, 10)),
                           P_I64(strtoll(venue, NULL, 10)),
                           P_STR(kind),
                           booker ? P_I64(booker) : P_NULL,
                           P_STR(s),
                           P_STR(e)};
    assert_int_equal(
        db_insert(db,
                  "INSERT INTO room_bookings (office_code, room_id, venue_id, booker_kind, booker_id, "
                  "starts_at, ends_at, purpose, expected_people, created_by) VALUES ('530000', ?, ?, "
                  "?, ?, ?, ?, '读书会', 20, 'test')",
                  p, 6, &id),
        YH_OK);
    db_close(db);
    return id;
}

/* Cancel frees the time; a cancelled booking is cancelled once and serves no one; the
 * people served are recorded once the booking has begun; the calendar follows every
 * write; usage counts by booker kind without the cancelled. */
static void cancel_attendance_calendar_usage(void **s)
{
    (void)s;
    char vid[24], rid[24], b1[24], b2[24], path[160], year_ago[11], t[11];
    struct http_res r;
    venue_make(tok, "日历测试中心", vid, sizeof(vid));
    room_make(tok, vid, "活动室", 50, rid, sizeof(rid));
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar?from=%s&to=%s", vid, tomorrow, later);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "bookings")), 0);
    cJSON_Delete(j);
    assert_int_equal(book(tok, rid, tomorrow, "14:00", "16:00", "office", "", b1, sizeof(b1), NULL, 0), 201);
    j = expect_json(200, "GET", path, tok, NULL); /* the cached empty calendar is gone */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "bookings")), 1);
    cJSON_Delete(j);
    /* cancel: reason required, then the booking leaves the calendar and the time is free */
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", b1);
    expect_field(422, "POST", path, tok, "{}", "reason");
    expect(200, "POST", path, tok, "{\"reason\":\"场地维修\"}");
    expect(409, "POST", path, tok, "{\"reason\":\"再取消\"}");
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar?from=%s&to=%s", vid, tomorrow, later);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "bookings")), 0);
    cJSON_Delete(j);
    assert_int_equal(book(tok, rid, tomorrow, "14:00", "16:00", "office", "", b2, sizeof(b2), NULL, 0), 201);
    const char *const v1[] = {"If-Match: \"1\"", NULL}, *const v2[] = {"If-Match: \"2\"", NULL};
    snprintf(path, sizeof(path), "/v1/bookings/%s/attendance", b1);
    expect_with(409, "PUT", path, tok, "{\"people_served\":3}", v2);
    snprintf(path, sizeof(path), "/v1/bookings/%s/attendance", b2);
    expect_with(409, "PUT", path, tok, "{\"people_served\":3}", v1); /* not begun */
    /* the calendar's range */
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar?from=%s&to=2099-01-01", vid, tomorrow);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 400);
    assert_non_null(strstr(r.body, "\"to\""));
    http_free(&r);
    /* a past booking (last year) gets its people served; usage of that year */
    test_today(t);
    snprintf(year_ago, sizeof(year_ago), "%04u-06-15", (unsigned)(atoi(t) - 1) % 10000);
    int64_t past = past_booking(rid, vid, year_ago, "office", 0);
    snprintf(path, sizeof(path), "/v1/bookings/%lld/attendance", (long long)past);
    expect_problem(428, "PUT", path, tok, "{\"people_served\":18}");
    expect_problem_with(412, "PUT", path, tok, "{\"people_served\":18}", v2);
    expect_with(422, "PUT", path, tok, "{\"people_served\":-1}", v1);
    expect_with(200, "PUT", path, tok, "{\"people_served\":18}", v1);
    snprintf(path, sizeof(path), "/v1/venues/usage?year=%.4s", year_ago);
    j = expect_json(200, "GET", path, tok, NULL);
    const cJSON *v = NULL, *mine = NULL;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "venues"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(v, "venue_id")->valuestring, vid) == 0) {
            mine = v;
        }
    }
    assert_non_null(mine);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(mine, "bookings")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(mine, "people_served")->valueint, 18);
    assert_true(cJSON_GetObjectItemCaseSensitive(mine, "hours")->valuedouble == 2.0);
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(mine, "by_booker_kind");
    assert_int_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(kinds, "office"), "bookings")
            ->valueint,
        1);
    cJSON_Delete(j);
    /* the cancelled one and the live one of tomorrow: this year (or next) counts 1 */
    snprintf(path, sizeof(path), "/v1/venues/usage?from=%s&to=%s", tomorrow, tomorrow);
    j = expect_json(200, "GET", path, tok, NULL);
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "venues"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(v, "venue_id")->valuestring, vid) == 0) {
            assert_int_equal(cJSON_GetObjectItemCaseSensitive(v, "bookings")->valueint, 1);
        }
    }
    cJSON_Delete(j);
    assert_int_equal(jreq("GET", "/v1/venues/usage?year=2027&from=2027-01-01&to=2027-01-02", tok, NULL, &r),
                     400);
    http_free(&r);
}

/* GET path answers 200 with text in its body. */
static void expect_json_contains(const char *path, const char *text)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, text));
    http_free(&r);
}

/* An association of the office (organisations, sql/0040) books; another office's
 * organisation is no booker. */
static void associations_book(void **s)
{
    (void)s;
    char vid[24], rid[24], org[24], other_org[24], detail[2048], bk[24], path[128];
    struct db *db = test_db();
    int64_t a = 0, b = 0;
    assert_int_equal(db_insert(db,
                               "INSERT INTO organisations (office_code, kind, name) VALUES ('530000', "
                               "'association', '老年诗词楹联学会（场地测试）')",
                               NULL, 0, &a),
                     YH_OK);
    assert_int_equal(db_insert(db,
                               "INSERT INTO organisations (office_code, kind, name) VALUES ('440104', "
                               "'association', '越秀老年体协（场地测试）')",
                               NULL, 0, &b),
                     YH_OK);
    db_close(db);
    snprintf(org, sizeof(org), "%lld", (long long)a);
    snprintf(other_org, sizeof(other_org), "%lld", (long long)b);
    venue_make(tok, "社团测试中心", vid, sizeof(vid));
    room_make(tok, vid, "诗词室", 40, rid, sizeof(rid));
    assert_int_equal(book(tok, rid, tomorrow, "15:00", "17:00", "association", org, bk, sizeof(bk), detail,
                          sizeof(detail)),
                     201);
    assert_non_null(strstr(detail, "老年诗词楹联学会"));
    /* its name read back (organisations.name has its own collation, 0046) */
    snprintf(path, sizeof(path), "/v1/bookings/%s", bk);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "booker"), "name")->valuestring,
        "老年诗词楹联学会（场地测试）");
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar?from=%s&to=%s", vid, tomorrow, tomorrow);
    expect_json_contains(path, "老年诗词楹联学会");
    /* an organisation with bookings is retired, not deleted */
    struct http_res r;
    snprintf(path, sizeof(path), "/v1/organisations/%s", org);
    assert_int_equal(req("DELETE", path, tok, NULL, NULL, (const char *const[]){"If-Match: \"1\"", NULL}, &r),
                     409);
    assert_non_null(strstr(r.body, "1 room bookings"));
    http_free(&r);
    assert_int_equal(book(tok, rid, tomorrow, "17:00", "18:00", "association", other_org, NULL, 0, NULL, 0),
                     422);
    assert_int_equal(book(tok, rid, tomorrow, "17:00", "18:00", "partner", org, NULL, 0, NULL, 0), 422);
}

/* A secretary books for its own branch only, reads the calendar, cancels its branch's
 * bookings only and writes no venue. */
static void secretary_books_for_its_branch(void **s)
{
    (void)s;
    char vid[24], rid[24], bid[24], other[24], mine[24], theirs[24], stok[2048], body[256], path[96];
    venue_make(tok, "秘书测试中心", vid, sizeof(vid));
    room_make(tok, vid, "支部活动室", 30, rid, sizeof(rid));
    branch_create(tok, "秘书测试支部", "regular", "community", bid, sizeof(bid));
    branch_create(tok, "秘书别的支部", "regular", "community", other, sizeof(other));
    snprintf(body, sizeof(body),
             "{\"username\":\"venue.sec\",\"display_name\":\"场地秘书\",\"role\":\"secretary\",\"password\":"
             "\"venue-secretary-pass-1\",\"branch_id\":\"%s\"}",
             bid);
    expect(201, "POST", "/v1/accounts", tok, body);
    login("530000", "venue.sec", "venue-secretary-pass-1", stok, sizeof(stok), NULL, 0);
    assert_int_equal(book(stok, rid, tomorrow, "09:00", "10:00", "branch", bid, mine, sizeof(mine), NULL, 0),
                     201);
    assert_int_equal(book(stok, rid, tomorrow, "10:00", "11:00", "branch", other, NULL, 0, NULL, 0), 422);
    assert_int_equal(book(stok, rid, tomorrow, "10:00", "11:00", "office", "", NULL, 0, NULL, 0), 422);
    assert_int_equal(
        book(tok, rid, tomorrow, "10:00", "11:00", "branch", other, theirs, sizeof(theirs), NULL, 0), 201);
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar?from=%s&to=%s", vid, tomorrow, tomorrow);
    cJSON *j = expect_json(200, "GET", path, stok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "bookings")), 2);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", theirs);
    expect(404, "POST", path, stok, "{\"reason\":\"不是我的\"}");
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", mine);
    expect(200, "POST", path, stok, "{\"reason\":\"改期\"}");
    expect(403, "POST", "/v1/venues", stok, "{\"name\":\"秘书建\",\"kind\":\"other\",\"opening_hours\":{}}");
    expect(403, "GET", "/v1/venues/usage", stok, NULL);
}

/* Another office's token: 404 on every id of a venue, room and booking. */
static void another_office_gets_404(void **s)
{
    (void)s;
    char vid[24], rid[24], b[24], path[128], body[512];
    venue_make(tok, "隔离测试中心", vid, sizeof(vid));
    room_make(tok, vid, "隔离室", 30, rid, sizeof(rid));
    assert_int_equal(book(tok, rid, tomorrow, "09:00", "10:00", "office", "", b, sizeof(b), NULL, 0), 201);
    const char *star[] = {"If-Match: \"1\"", NULL};
    snprintf(path, sizeof(path), "/v1/venues/%s", vid);
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"area_m2\":1}", star);
    snprintf(path, sizeof(path), "/v1/venues/%s/rooms", vid);
    expect(404, "GET", path, tok_other, NULL);
    expect(404, "POST", path, tok_other, "{\"name\":\"侵入\",\"capacity\":3}");
    snprintf(path, sizeof(path), "/v1/venues/%s/calendar", vid);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/rooms/%s", rid);
    expect(404, "GET", path, tok_other, NULL);
    expect_with(404, "PATCH", path, tok_other, "{\"capacity\":3}", star);
    snprintf(path, sizeof(path), "/v1/rooms/%s/bookings", rid);
    expect(404, "GET", path, tok_other, NULL);
    booking_body(body, sizeof(body), tomorrow, "11:00", "12:00", "office", "", 3);
    expect(404, "POST", path, tok_other, body);
    snprintf(path, sizeof(path), "/v1/bookings/%s", b);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", b);
    expect(404, "POST", path, tok_other, "{\"reason\":\"x\"}");
    snprintf(path, sizeof(path), "/v1/bookings/%s/attendance", b);
    expect_with(404, "PUT", path, tok_other, "{\"people_served\":1}", star);
    /* and the other office's usage does not show it */
    cJSON *j = expect_json(200, "GET", "/v1/venues/usage", tok_other, NULL);
    char *text = cJSON_PrintUnformatted(j);
    assert_null(strstr(text, "隔离测试中心"));
    free(text);
    cJSON_Delete(j);
    /* the room's list in its own office */
    snprintf(path, sizeof(path), "/v1/rooms/%s/bookings?from=%s", rid, tomorrow);
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
}

/* Activities and volunteer events may name a booked room: a live booking of the office or
 * of the organiser holding their time; the JSON shows the venue and the room. */
static void activities_and_events_name_a_booking(void **s)
{
    (void)s;
    char vid[24], rid[24], a_branch[24], b_branch[24], team[24], ba[24], bo[24], bt[24], bc[24], act[24];
    char other_v[24], other_r[24], other_b[24], path[96], body[512], hdr[64];
    venue_make(tok, "联用测试中心", vid, sizeof(vid));
    room_make(tok, vid, "党员活动室", 60, rid, sizeof(rid));
    branch_create(tok, "联用甲支部", "regular", "community", a_branch, sizeof(a_branch));
    branch_create(tok, "联用乙支部", "regular", "community", b_branch, sizeof(b_branch));
    team_create(tok, "联用志愿队", "culture", team, sizeof(team));
    assert_int_equal(book(tok, rid, tomorrow, "09:00", "11:00", "branch", a_branch, ba, sizeof(ba), NULL, 0),
                     201);
    assert_int_equal(book(tok, rid, tomorrow, "13:00", "14:00", "office", "", bo, sizeof(bo), NULL, 0), 201);
    assert_int_equal(book(tok, rid, tomorrow, "14:00", "17:00", "team", team, bt, sizeof(bt), NULL, 0), 201);
    assert_int_equal(book(tok, rid, tomorrow, "18:00", "19:00", "office", "", bc, sizeof(bc), NULL, 0), 201);
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", bc);
    expect(200, "POST", path, tok, "{\"reason\":\"取消\"}");
    venue_make(tok_other, "别局中心", other_v, sizeof(other_v));
    room_make(tok_other, other_v, "别局室", 20, other_r, sizeof(other_r));
    assert_int_equal(
        book(tok_other, other_r, tomorrow, "09:00", "11:00", "office", "", other_b, sizeof(other_b), NULL, 0),
        201);
    /* an activity of branch A in A's booking */
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", a_branch);
    snprintf(body, sizeof(body),
             "{\"kind\":\"theme_day\",\"title\":\"主题党日\",\"held_at\":\"%sT09:30:00+08:00\",\"booking_"
             "id\":\"%s\"}",
             tomorrow, ba);
    post_created(path, tok, body, act, sizeof(act));
    snprintf(path, sizeof(path), "/v1/activities/%s", act);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "booking_id")->valuestring, ba);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "venue_name")->valuestring, "联用测试中心");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "room_name")->valuestring, "党员活动室");
    cJSON_Delete(j);
    /* at the booking's end, in another branch's booking, cancelled, another office's: 422 */
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", a_branch);
    const char *bad[][2] = {{"11:00", ba}, {"18:30", bc}, {"09:30", other_b}, {"14:30", bt}};
    for (size_t i = 0; i < 4; i++) {
        snprintf(
            body, sizeof(body),
            "{\"kind\":\"lecture\",\"title\":\"党课\",\"held_at\":\"%sT%s:00+08:00\",\"booking_id\":\"%s\"}",
            tomorrow, bad[i][0], bad[i][1]);
        expect_field(422, "POST", path, tok, body, "booking_id");
    }
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", b_branch);
    snprintf(
        body, sizeof(body),
        "{\"kind\":\"lecture\",\"title\":\"党课\",\"held_at\":\"%sT09:30:00+08:00\",\"booking_id\":\"%s\"}",
        tomorrow, ba);
    expect_field(422, "POST", path, tok, body, "booking_id");
    /* the office's booking serves any branch; a patch moves it there */
    snprintf(path, sizeof(path), "/v1/activities/%s", act);
    if_match(path, tok, hdr, sizeof(hdr));
    const char *h[] = {hdr, NULL};
    snprintf(body, sizeof(body), "{\"held_at\":\"%sT13:00:00+08:00\",\"booking_id\":\"%s\"}", tomorrow, bo);
    expect_with(200, "PATCH", path, tok, body, h);
    /* a volunteer event of the team in the team's booking; outside it 422 */
    snprintf(
        body, sizeof(body),
        "{\"title\":\"书画义教\",\"team_id\":\"%s\",\"starts_at\":\"%sT14:00:00+08:00\",\"ends_at\":\"%sT16:"
        "00:00+08:00\",\"place\":\"党员活动室\",\"capacity\":10,\"booking_id\":\"%s\"}",
        team, tomorrow, tomorrow, bt);
    j = expect_json(201, "POST", "/v1/volunteer-events", tok, body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "room_name")->valuestring, "党员活动室");
    cJSON_Delete(j);
    snprintf(
        body, sizeof(body),
        "{\"title\":\"书画义教\",\"team_id\":\"%s\",\"starts_at\":\"%sT16:00:00+08:00\",\"ends_at\":\"%sT17:"
        "30:00+08:00\",\"place\":\"党员活动室\",\"capacity\":10,\"booking_id\":\"%s\"}",
        team, tomorrow, tomorrow, bt);
    expect_field(422, "POST", "/v1/volunteer-events", tok, body, "booking_id");
    snprintf(body, sizeof(body),
             "{\"title\":\"无队活动\",\"starts_at\":\"%sT09:00:00+08:00\",\"ends_at\":\"%sT10:00:00+08:00\","
             "\"place\":\"党员活动室\",\"capacity\":10,\"booking_id\":\"%s\"}",
             tomorrow, tomorrow, ba);
    expect_field(422, "POST", "/v1/volunteer-events", tok, body, "booking_id");
}

/* A booking an activity or a live volunteer event names is not cancelled (409 naming it)
 * until its organiser clears booking_id. */
static void named_booking_is_not_cancelled(void **s)
{
    (void)s;
    char vid[24], rid[24], br[24], team[24], ba[24], bt[24], act[24], ev[24], path[96], body[512], hdr[64];
    struct http_res r;
    venue_make(tok, "取消联用中心", vid, sizeof(vid));
    room_make(tok, vid, "会议室", 60, rid, sizeof(rid));
    branch_create(tok, "取消联用支部", "regular", "community", br, sizeof(br));
    team_create(tok, "取消联用志愿队", "culture", team, sizeof(team));
    assert_int_equal(book(tok, rid, tomorrow, "09:00", "11:00", "branch", br, ba, sizeof(ba), NULL, 0), 201);
    assert_int_equal(book(tok, rid, tomorrow, "14:00", "16:00", "team", team, bt, sizeof(bt), NULL, 0), 201);
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", br);
    snprintf(
        body, sizeof(body),
        "{\"kind\":\"lecture\",\"title\":\"党课\",\"held_at\":\"%sT09:30:00+08:00\",\"booking_id\":\"%s\"}",
        tomorrow, ba);
    post_created(path, tok, body, act, sizeof(act));
    snprintf(
        body, sizeof(body),
        "{\"title\":\"书法义教\",\"team_id\":\"%s\",\"starts_at\":\"%sT14:00:00+08:00\",\"ends_at\":\"%sT15:"
        "00:00+08:00\",\"place\":\"会议室\",\"capacity\":10,\"booking_id\":\"%s\"}",
        team, tomorrow, tomorrow, bt);
    post_created("/v1/volunteer-events", tok, body, ev, sizeof(ev));
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", ba);
    assert_int_equal(jreq("POST", path, tok, "{\"reason\":\"改期\"}", &r), 409);
    assert_non_null(strstr(r.body, act));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", bt);
    assert_int_equal(jreq("POST", path, tok, "{\"reason\":\"改期\"}", &r), 409);
    assert_non_null(strstr(r.body, "volunteer event"));
    http_free(&r);
    /* the organiser clears it: then the cancel goes through */
    snprintf(path, sizeof(path), "/v1/activities/%s", act);
    if_match(path, tok, hdr, sizeof(hdr));
    expect_with(200, "PATCH", path, tok, "{\"booking_id\":null}", (const char *const[]){hdr, NULL});
    snprintf(path, sizeof(path), "/v1/bookings/%s/cancel", ba);
    expect(200, "POST", path, tok, "{\"reason\":\"改期\"}");
}

struct call {
    const char *method;
    char path[96], body[512];
    long status;
};

static void *call_run(void *p)
{
    struct call *c = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s%s", api_base, c->path);
    c->status = http_do(c->method, url, h, c->body, strlen(c->body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

/* A cancel and a new booking of the same time, in parallel, ten times: the cancel always
 * succeeds, the new booking is 201 or 409, never a deadlock's 5xx (one lock order: the
 * room, then the booking). */
static void cancel_races_a_new_booking(void **s)
{
    (void)s;
    char vid[24], rid[24], a[24], from[16], to[16];
    venue_make(tok, "取消并发中心", vid, sizeof(vid));
    room_make(tok, vid, "小会议室", 20, rid, sizeof(rid));
    for (int i = 0; i < 10; i++) {
        struct call c[2] = {{.method = "POST"}, {.method = "POST"}};
        pthread_t th[2];
        snprintf(from, sizeof(from), "%02d:00", 8 + i);
        snprintf(to, sizeof(to), "%02d:00", 9 + i);
        assert_int_equal(book(tok, rid, tomorrow, from, to, "office", "", a, sizeof(a), NULL, 0), 201);
        snprintf(c[0].path, sizeof(c[0].path), "/v1/bookings/%s/cancel", a);
        snprintf(c[0].body, sizeof(c[0].body), "{\"reason\":\"并发\"}");
        snprintf(c[1].path, sizeof(c[1].path), "/v1/rooms/%s/bookings", rid);
        booking_body(c[1].body, sizeof(c[1].body), tomorrow, from, to, "office", "", 5);
        for (int k = 0; k < 2; k++) {
            pthread_create(&th[k], NULL, call_run, &c[k]);
        }
        for (int k = 0; k < 2; k++) {
            pthread_join(th[k], NULL);
        }
        assert_int_equal(c[0].status, 200);
        assert_true(c[1].status == 201 || c[1].status == 409);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(venues_and_rooms),
        cmocka_unit_test(booking_rules),
        cmocka_unit_test(never_overlapping_under_concurrency),
        cmocka_unit_test(cancel_attendance_calendar_usage),
        cmocka_unit_test(associations_book),
        cmocka_unit_test(secretary_books_for_its_branch),
        cmocka_unit_test(another_office_gets_404),
        cmocka_unit_test(activities_and_events_name_a_booking),
        cmocka_unit_test(named_booking_is_not_cancelled),
        cmocka_unit_test(cancel_races_a_new_booking),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
