/* Issue 11, what callers can derive: masked member views (get, cache, list, lookup,
 * export, idempotent replay) hold nothing that rebuilds the ID number; committee seats
 * and the service card's phones; integration clients and pii:read; CSV cells that a
 * spreadsheet would run. Office 440104 (越秀), written here in its own branch. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_yx[2048]; /* 440104 admin */

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/pii-views-server.log");
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    return 0;
}

/* Asserts a body holds neither the birth date (as YYYYMMDD, YYYY-MM-DD) nor the
 * number's hidden part. */
static void holds_nothing_of(const char *body, const char *idno, const char *where)
{
    char dashed[11];
    snprintf(dashed, sizeof(dashed), "%.4s-%.2s-%.2s", idno + 6, idno + 10, idno + 12);
    char ymd[9];
    snprintf(ymd, sizeof(ymd), "%.8s", idno + 6);
    if (strstr(body, ymd) || strstr(body, dashed) || strstr(body, idno + 6)) {
        fprintf(stderr, "%s holds the birth date or the number: %s\n", where, body);
    }
    assert_null(strstr(body, ymd));
    assert_null(strstr(body, dashed));
    assert_null(strstr(body, idno + 6));
    assert_null(strstr(body, idno));
}

static void audit_has(const char *action, const char *target, bool expected)
{
    struct http_res r;
    char path[160];
    snprintf(path, sizeof(path), "/v1/audit?action=%s&target=%s", action, target);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    if ((strstr(r.body, "\"action\"") != NULL) != expected) {
        fprintf(stderr, "audit %s %s: %s\n", action, target, r.body);
    }
    assert_int_equal(strstr(r.body, "\"action\"") != NULL, expected);
    http_free(&r);
}

static void masked_views_do_not_rebuild_the_number(void **s)
{
    (void)s;
    struct http_res r, replay;
    char idno[19], id[24], body[512], path[128], v[64];
    idno_make(idno, "440104", "19380412", (unsigned)(27));
    snprintf(body, sizeof(body),
             "{\"name\":\"周掩码\",\"id_number\":\"%s\",\"category\":\"retired\",\"phone\":\"13812340412\"}",
             idno);
    /* the create reply and its stored replay are the masked view */
    const char *const key[] = {"Idempotency-Key: pii-views-create-1", NULL};
    assert_int_equal(req("POST", "/v1/members", tok_yx, "application/json", body, key, &r), 201);
    assert_int_equal(req("POST", "/v1/members", tok_yx, "application/json", body, key, &replay), 201);
    assert_true(http_header(&replay, "Idempotent-Replayed", v, sizeof(v)));
    assert_true(json_member(r.body, "id", id, sizeof(id)));
    holds_nothing_of(r.body, idno, "create");
    holds_nothing_of(replay.body, idno, "replay");
    assert_non_null(strstr(r.body, "\"birth_year\":1938"));
    assert_non_null(strstr(r.body, "\"id_number\":\"440104************\""));
    http_free(&r);
    http_free(&replay);
    /* and so is the row the replay is kept in */
    struct db *db = test_db();
    struct db_rows rows;
    struct db_param p[] = {P_STR("pii-views-create-1")};
    assert_int_equal(
        db_exec(db, "SELECT body FROM idempotency_keys WHERE idem_key = ?", p, 1, &rows, NULL, NULL), YH_OK);
    assert_int_equal(rows.nrows, 1);
    char stored[4096];
    size_t n = db_len(&rows, 0, 0) < sizeof(stored) - 1 ? db_len(&rows, 0, 0) : sizeof(stored) - 1;
    memcpy(stored, db_str(&rows, 0, 0), n);
    stored[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        stored[i] = stored[i] == '\0' ? ' ' : stored[i]; /* a sealed body is binary */
    }
    holds_nothing_of(stored, idno, "idempotency row");
    db_rows_free(&rows);
    db_close(db);
    /* get: first read and cached read */
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
        holds_nothing_of(r.body, idno, "get");
        assert_non_null(strstr(r.body, "\"birth_year\":1938"));
        assert_null(strstr(r.body, "\"age\""));
        http_free(&r);
    }
    /* lists (cached too), by name */
    for (int i = 0; i < 2; i++) {
        assert_int_equal(jreq("GET", "/v1/members?name=%E5%91%A8%E6%8E%A9%E7%A0%81", tok_yx, NULL, &r), 200);
        assert_non_null(strstr(r.body, "周掩码"));
        holds_nothing_of(r.body, idno, "list");
        http_free(&r);
    }
    /* lookup by number answers with the masked view */
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", idno);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok_yx, body, &r), 200);
    assert_non_null(strstr(r.body, "周掩码"));
    holds_nothing_of(r.body, idno, "lookup");
    http_free(&r);
    /* the masked export: a birth_year column */
    assert_int_equal(jreq("GET", "/v1/members/export", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "name,gender,birth_year,id_number,"));
    char *row = strstr(r.body, "周掩码");
    assert_non_null(row);
    assert_non_null(strstr(row, "周掩码,male,1938,440104************,"));
    holds_nothing_of(r.body, idno, "export");
    http_free(&r);
    /* pii:read with reveal: the full record, audited as before */
    char q[64];
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", id);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"birth_date\":\"1938-04-12\""));
    assert_non_null(strstr(r.body, idno));
    assert_non_null(strstr(r.body, "\"age\":"));
    http_free(&r);
    audit_has("member.read_pii", (snprintf(q, sizeof(q), "member:%s", id), q), true);
}

/* age_min/age_max by calendar year: a member born on 31 December is as old as one born on
 * 1 January of the same year, whatever the day of the query. */
static void ages_are_calendar_years(void **s)
{
    (void)s;
    struct http_res r;
    char a[19], b[19], ida[24], idb[24];
    idno_make(a, "440104", "19410101", (unsigned)(31));
    idno_make(b, "440104", "19411231", (unsigned)(33));
    member_create(tok_yx, "元旦生", a, "retired", "", ida, sizeof(ida));
    member_create(tok_yx, "除夕生", b, "retired", "", idb, sizeof(idb));
    /* the server's year: from a full view's age of the 1 January member */
    char path[160];
    snprintf(path, sizeof(path), "/v1/members/%s?reveal=true", ida);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    int year =
        1941 + cJSON_GetObjectItemCaseSensitive(j, "age")->valueint; /* born 1 January: age = year - 1941 */
    cJSON_Delete(j);
    http_free(&r);
    int age = year - 1941;
    snprintf(path, sizeof(path), "/v1/members?age_min=%d&age_max=%d&limit=100", age, age);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "元旦生"));
    assert_non_null(strstr(r.body, "除夕生")); /* not a year younger until the birthday */
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members?age_min=%d&limit=100", age + 1);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "元旦生"));
    assert_null(strstr(r.body, "除夕生"));
    http_free(&r);
}

static void account(const char *body, const char *user, const char *pw, char *tok, size_t toklen)
{
    struct http_res r;
    long st = jreq("POST", "/v1/accounts", tok_yx, body, &r);
    if (st != 201) {
        fprintf(stderr, "account: %ld %s\n", st, r.body);
    }
    assert_int_equal(st, 201);
    http_free(&r);
    login("440104", user, pw, tok, toklen, NULL, 0);
}

static bool names_field(const struct http_res *r, const char *field)
{
    char needle[96];
    snprintf(needle, sizeof(needle), "\"field\":\"%s\"", field);
    return strstr(r->body, needle) != NULL;
}

/* Shared by the card and client tests: branch, secretary S (formal member), outsider
 * O (no membership of the branch), elder M in the branch paired with liaison L. */
static char br[24], sec_id[24], out_id[24], elder[24], liaison[24], tok_sec[2048], tok_elder[2048];

static void committee_seats_and_service_card(void **s)
{
    (void)s;
    struct http_res r;
    char idno[19], body[512], path[160], h[64], extra[128], q[64];
    post_created(
        "/v1/branches", tok_yx,
        "{\"name\":\"掩码测试支部\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\"}",
        br, sizeof(br));
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\",\"phone\":\"13900002001\"", br);
    idno_make(idno, "440104", "19460302", (unsigned)(41));
    member_create(tok_yx, "支书甲", idno, "retired", extra, sec_id, sizeof(sec_id));
    idno_make(idno, "440104", "19470302", (unsigned)(43));
    member_create(tok_yx, "外人乙", idno, "retired", ",\"phone\":\"13900002002\"", out_id, sizeof(out_id));
    snprintf(extra, sizeof(extra), ",\"branch_id\":\"%s\",\"phone\":\"13900002003\"", br);
    idno_make(idno, "440104", "19300302", (unsigned)(45));
    member_create(tok_yx, "老人丙", idno, "retired", extra, elder, sizeof(elder));
    idno_make(idno, "440104", "19850302", (unsigned)(47));
    member_create(tok_yx, "联络员丁", idno, "in_service", ",\"phone\":\"13900002004\"", liaison,
                  sizeof(liaison));
    snprintf(body, sizeof(body), "{\"liaison_id\":\"%s\"}", liaison);
    snprintf(path, sizeof(path), "/v1/members/%s/liaison", elder);
    expect(200, "PUT", path, tok_yx, body);
    snprintf(body, sizeof(body),
             "{\"username\":\"pii.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":\"pii-"
             "secretary-1\","
             "\"branch_id\":\"%s\"}",
             br);
    account(body, "pii.sec", "pii-secretary-1", tok_sec, sizeof(tok_sec));
    snprintf(body, sizeof(body),
             "{\"username\":\"pii.elder\",\"display_name\":\"老人\",\"role\":\"member\",\"password\":\"pii-"
             "member-12\","
             "\"member_id\":\"%s\"}",
             elder);
    account(body, "pii.elder", "pii-member-12", tok_elder, sizeof(tok_elder));

    /* the secretary cannot seat someone from outside its branch, nor can an admin */
    snprintf(path, sizeof(path), "/v1/branches/%s", br);
    snprintf(body, sizeof(body), "{\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}", out_id);
    for (int i = 0; i < 2; i++) {
        if_match(path, tok_yx, h, sizeof(h));
        const char *hs[] = {h, NULL};
        assert_int_equal(req("PATCH", path, i ? tok_yx : tok_sec, "application/json", body, hs, &r), 422);
        assert_true(names_field(&r, "committee[0].member_id"));
        http_free(&r);
    }
    /* nor at creation, when the branch has no members yet */
    snprintf(body, sizeof(body),
             "{\"name\":\"空支部\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\","
             "\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}",
             sec_id);
    assert_int_equal(jreq("POST", "/v1/branches", tok_yx, body, &r), 422);
    assert_true(names_field(&r, "committee[0].member_id"));
    http_free(&r);
    /* a formal member of the branch is seated */
    snprintf(body, sizeof(body), "{\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}", sec_id);
    if_match(path, tok_yx, h, sizeof(h));
    const char *hs[] = {h, NULL};
    assert_int_equal(req("PATCH", path, tok_sec, "application/json", body, hs, &r), 200);
    assert_non_null(strstr(r.body, "支书甲"));
    http_free(&r);

    /* the secretary sees the card of its elder with masked phones */
    snprintf(path, sizeof(path), "/v1/members/%s/service-card", elder);
    assert_int_equal(jreq("GET", path, tok_sec, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"phone\":\"139****2001\""));
    assert_non_null(strstr(r.body, "\"phone\":\"139****2004\""));
    assert_null(strstr(r.body, "13900002001"));
    assert_null(strstr(r.body, "13900002004"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/members/%s/service-card?reveal=true", elder);
    expect(403, "GET", path, tok_sec, NULL); /* no pii:read */
    /* an admin without reveal: masked, and no phone_shown rows */
    snprintf(path, sizeof(path), "/v1/members/%s/service-card", elder);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "13900002001"));
    http_free(&r);
    audit_has("member.phone_shown", (snprintf(q, sizeof(q), "member:%s", sec_id), q), false);
    audit_has("member.service_card", (snprintf(q, sizeof(q), "member:%s", elder), q), true);
    /* the elder's own card: full phones, and the audit names the contacts (ids only) */
    assert_int_equal(jreq("GET", path, tok_elder, NULL, &r), 200);
    assert_non_null(strstr(r.body, "13900002001"));
    assert_non_null(strstr(r.body, "13900002004"));
    http_free(&r);
    audit_has("member.phone_shown", (snprintf(q, sizeof(q), "member:%s", sec_id), q), true);
    audit_has("member.phone_shown", (snprintf(q, sizeof(q), "member:%s", liaison), q), true);
    assert_int_equal(jreq("GET", "/v1/audit?action=member.phone_shown&limit=100", tok_yx, NULL, &r), 200);
    assert_null(strstr(r.body, "13900002"));
    http_free(&r);
    /* the elder cannot read another member's card */
    snprintf(path, sizeof(path), "/v1/members/%s/service-card", sec_id);
    expect(404, "GET", path, tok_elder, NULL);
    /* an admin with reveal sees them */
    snprintf(path, sizeof(path), "/v1/members/%s/service-card?reveal=true", elder);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "13900002001"));
    http_free(&r);
}

static void clients_need_granted_pii_read(void **s)
{
    (void)s;
    struct http_res r;
    char tok[2048], idno[19], body[512], path[160], visit[24], card[160], vpath[96], vreveal[96];
    /* a visit with sealed notes to the elder of the card test */
    snprintf(
        body, sizeof(body),
        "{\"member_ids\":[\"%s\"],\"reason\":\"worry\",\"visited_on\":\"2026-01-05\",\"visitors\":\"支书\","
        "\"notes\":\"独居，夜里常失眠\"}",
        elder);
    assert_int_equal(jreq("POST", "/v1/visits", tok_yx, body, &r), 201);
    assert_true(json_member(r.body, "id", visit, sizeof(visit)));
    assert_null(strstr(r.body, "独居")); /* the reply (and its replay) keep the notes sealed */
    http_free(&r);
    snprintf(card, sizeof(card), "/v1/members/%s/service-card", elder);
    snprintf(vpath, sizeof(vpath), "/v1/visits/%s", visit);
    snprintf(vreveal, sizeof(vreveal), "/v1/visits/%s?reveal=true", visit);
    idno_make(idno, "440104", "19300302", (unsigned)(45));
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", idno);
    /* members:read alone: no records of named people at all, masked or not */
    char mpath[96], roster[96], mships[96];
    snprintf(mpath, sizeof(mpath), "/v1/members/%s", elder);
    snprintf(mships, sizeof(mships), "/v1/members/%s/memberships", elder);
    snprintf(roster, sizeof(roster), "/v1/branches/%s/members", br);
    client_token(tok_yx, "接口 members:read branches:read", "members:read branches:read", tok, sizeof(tok),
                 NULL, 0);
    const char *denied[] = {card,
                            "/v1/members/export",
                            "/v1/dues/export",
                            vpath,
                            "/v1/visits",
                            "/v1/care/due",
                            "/v1/members?limit=5",
                            mpath,
                            mships,
                            roster,
                            "/v1/members/unpaired",
                            "/v1/branches/coverage",
                            "/v1/dues/arrears",
                            "/v1/honours",
                            "/v1/honours/fifty-years"};
    for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
        jreq("GET", denied[i], tok, NULL, &r);
        if (r.status != 403) {
            fprintf(stderr, "GET %s: %ld\n", denied[i], r.status);
        }
        assert_problem(&r, 403);
        http_free(&r);
    }
    expect_problem(403, "POST", "/v1/members/lookup", tok, body);
    /* an admin grants pii:read explicitly, and the grant is audited */
    client_token(tok_yx, "接口 members:read pii:read", "members:read pii:read", tok, sizeof(tok), NULL, 0);
    assert_int_equal(jreq("GET", "/v1/audit?action=client.grant_pii", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"client.grant_pii\""));
    http_free(&r);
    assert_int_equal(jreq("GET", card, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "13900002001")); /* masked without reveal */
    http_free(&r);
    assert_int_equal(jreq("GET", mpath, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"birth_year\""));
    assert_null(strstr(r.body, "\"birth_date\"")); /* masked without reveal */
    http_free(&r);
    expect(200, "GET", "/v1/members/export", tok, NULL);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok, body, &r), 200);
    assert_non_null(strstr(r.body, "老人丙"));
    http_free(&r);
    assert_int_equal(jreq("GET", vpath, tok, NULL, &r), 200);
    assert_null(strstr(r.body, "独居"));
    assert_non_null(strstr(r.body, "\"notes_sealed\":true"));
    http_free(&r);
    assert_int_equal(jreq("GET", vreveal, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "独居，夜里常失眠"));
    http_free(&r);
    snprintf(path, sizeof(path), "/v1/audit?action=visit.read_notes&target=visit:%s", visit);
    assert_int_equal(jreq("GET", path, tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"actor\":\"client:"));
    http_free(&r);
    /* a secretary (no pii:read) cannot open the notes of its branch's visit */
    expect(403, "GET", vreveal, tok_sec, NULL);
    assert_int_equal(jreq("GET", vpath, tok_sec, NULL, &r), 200);
    assert_null(strstr(r.body, "独居"));
    http_free(&r);
}

static void csv_cells_cannot_run(void **s)
{
    (void)s;
    struct http_res r;
    char idno[19], id[24], body[1024];
    idno_make(idno, "440104", "19420707", (unsigned)(51));
    member_create(tok_yx, "=HYPERLINK(\\\"http://x\\\",\\\"a\\\")", idno, "retired",
                  ",\"work_unit\":\"@SUM(1+1)\",\"notes\":\"+1+2\"", id, sizeof(id));
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"2026-01\",\"amount_fen\":2000,\"paid_on\":\"2026-"
             "01-15\","
             "\"channel\":\"cash\",\"paid_by\":\"proxy\",\"proxy_name\":\"-1+cmd\"}]}",
             id);
    expect(201, "POST", "/v1/dues", tok_yx, body);
    assert_int_equal(jreq("GET", "/v1/members/export", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""));
    assert_non_null(strstr(r.body, "\"'@SUM(1+1)\""));
    assert_non_null(strstr(r.body, "\"'+1+2\""));
    assert_null(strstr(r.body, ",=HYPERLINK"));
    assert_null(strstr(r.body, ",\"=HYPERLINK"));
    http_free(&r);
    assert_int_equal(jreq("GET", "/v1/dues/export?from=2026-01&to=2026-01", tok_yx, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"'=HYPERLINK("));
    assert_non_null(strstr(r.body, "\"'-1+cmd\""));
    assert_null(strstr(r.body, ",-1+cmd"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masked_views_do_not_rebuild_the_number),
        cmocka_unit_test(ages_are_calendar_years),
        cmocka_unit_test(committee_seats_and_service_card),
        cmocka_unit_test(clients_need_granted_pii_read),
        cmocka_unit_test(csv_cells_cannot_run),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
