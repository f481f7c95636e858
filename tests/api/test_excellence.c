/* 两优一先 through HTTP: rounds with quotas per level, nominations with the nominee's
 * record (masked personal part, revealed and audited), one per subject, year and kind
 * (also under a double submit), the notice (公示) and its published list, objections
 * sealed and resolved, naming refused during the notice, with an objection open or
 * beyond the quota, the honour written, sending up within the higher office's quota,
 * and who sees what: 越秀 (county) → 广州 (prefecture) → 广东 (province); other offices
 * 404. Offices 440104, 440100 and 440000 are written here (no demo round there). The
 * time a notice takes to run out is played by moving its dates back in the database. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/db.h"

static char tok_yx[2048], tok_gz[2048], tok_gd[2048], tok_jh[2048], tok_bn[2048], tok_sec[2048];
static char yr[5], today[11];
static char branch[24], temp_branch[24], m_a[24], m_b[24], m_c[24], m_w[24];
static char oid[24];
static char nom_a[24], nom_b[24], nom_c[24], nom_org[24], round_yx[24], round_gz[24];
static unsigned idseq = 4100;

static int setup(void **s)
{
    (void)s;
    test_today(today);
    snprintf(yr, sizeof(yr), "%.4s", today);
    api_start(NULL, "build/test-logs/excellence-server.log");
    login("440104", "admin", "demo-440104-pass", tok_yx, sizeof(tok_yx), NULL, 0);
    login("440100", "admin", "demo-440100-pass", tok_gz, sizeof(tok_gz), NULL, 0);
    login("440000", "admin", "demo-440000-pass", tok_gd, sizeof(tok_gd), NULL, 0);
    login("532801", "admin", "demo-532801-pass", tok_jh, sizeof(tok_jh), NULL, 0);
    login("532800", "admin", "demo-532800-pass", tok_bn, sizeof(tok_bn), NULL, 0);
    return 0;
}

static const char *str_at(const cJSON *o, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static double num_at(const cJSON *o, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

static void member_in(const char *name, const char *extra, char *id)
{
    char idno[19], ex[256];
    idno_seq(idno, "530000", "1934", idseq++);
    snprintf(ex, sizeof(ex), ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\"%s", branch, extra);
    member_create(tok_yx, name, idno, "retired", ex, id, 24);
}

static void rounds_hold_their_quotas(void **s)
{
    (void)s;
    char body[512], path[96];
    const char *p = "/v1/excellence-rounds";
    snprintf(body, sizeof(body), "{\"year\":%s}", yr);
    expect_field(422, "POST", p, tok_yx, body, "quotas");
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":-1,\"excellent_worker\":1,\"advanced_org\":1}}",
             yr);
    expect_field(422, "POST", p, tok_yx, body, "quotas.excellent_member");
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":1,\"excellent_worker\":1,\"advanced_org\":1},"
             "\"notice_days\":3}",
             yr);
    expect_field(422, "POST", p, tok_yx, body, "notice_days");
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":1,\"excellent_worker\":1,\"advanced_org\":1},"
             "\"send_up\":{\"excellent_member\":1,\"excellent_worker\":1,\"advanced_org\":1}}",
             yr);
    expect_field(422, "POST", p, tok_yx, body, "send_up"); /* nothing below a county */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":1,\"excellent_worker\":1,\"advanced_org\":1,"
             "\"national\":1}}",
             yr);
    expect_field(422, "POST", p, tok_yx, body, "quotas.national");
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":1,\"excellent_worker\":1,\"advanced_org\":1},"
             "\"notice_days\":7}",
             yr);
    post_created(p, tok_yx, body, round_yx, sizeof(round_yx));
    expect_problem(409, "POST", p, tok_yx, body); /* one round per office and year */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":1,\"excellent_worker\":0,\"advanced_org\":0},"
             "\"send_up\":{\"excellent_member\":1,\"excellent_worker\":0,\"advanced_org\":0}}",
             yr);
    post_created(p, tok_gz, body, round_gz, sizeof(round_gz));
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"quotas\":{\"excellent_member\":2,\"excellent_worker\":0,\"advanced_org\":0}}",
             yr);
    expect(201, "POST", p, tok_gd, body);
    snprintf(path, sizeof(path), "%s/%s", p, round_yx);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    assert_string_equal(str_at(j, "level"), "county");
    assert_true(num_at(j, "notice_days") == 7);
    assert_true(num_at(cJSON_GetObjectItemCaseSensitive(j, "send_quota"), "excellent_member") == 1);
    cJSON_Delete(j);
    expect(404, "GET", path, tok_jh, NULL); /* another office's round */
    expect(404, "GET", path, tok_gz, NULL); /* even the parent's: rounds are the office's own */
}

struct racer {
    const char *body;
    long status;
};

static void *race(void *x)
{
    struct racer *rc = x;
    struct http_res r;
    rc->status = jreq("POST", "/v1/excellence-nominations", tok_yx, rc->body, &r);
    http_free(&r);
    return NULL;
}

static void nominations_check_their_subject(void **s)
{
    (void)s;
    char body[768], path[128], im[64];
    const char *p = "/v1/excellence-nominations";
    branch_create(tok_yx, "越秀两优一先支部", "regular", "community", branch, sizeof(branch));
    branch_create(tok_yx, "越秀临时支部", "temporary", "community", temp_branch, sizeof(temp_branch));
    member_in("甲优秀", ",\"phone\":\"13800004101\"", m_a);
    member_in("乙被举报", "", m_b);
    member_in("丙第二名", "", m_c);
    member_in("丁书记", "", m_w);

    /* an excellent party worker must hold or have held a post */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_worker\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_w);
    expect_field(422, "POST", p, tok_yx, body, "member_id");
    snprintf(path, sizeof(path), "/v1/branches/%s", branch);
    if_match(path, tok_yx, im, sizeof(im));
    char cb[128];
    snprintf(cb, sizeof(cb), "{\"committee\":[{\"member_id\":\"%s\",\"role\":\"secretary\"}]}", m_w);
    expect_with(200, "PATCH", path, tok_yx, cb, (const char *const[]){im, NULL});
    expect(201, "POST", p, tok_yx, body);
    /* a temporary branch is no advanced organisation; another office's member is none of ours */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"advanced_org\",\"branch_id\":\"%s\",\"deeds\":\"x\"}", yr, temp_branch);
    expect_field(422, "POST", p, tok_yx, body, "branch_id");
    expect_field(422, "POST", p, tok_jh, body, "branch_id");
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"advanced_org\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_a);
    expect_field(422, "POST", p, tok_yx, body, "branch_id");
    snprintf(body, sizeof(body), "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\"}", yr, m_a);
    expect_field(422, "POST", p, tok_yx, body, "deeds");
    /* no round of 532801 for 2001 */
    snprintf(body, sizeof(body),
             "{\"year\":2001,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"x\"}", m_a);
    expect_problem(409, "POST", p, tok_yx, body);

    /* a double submit: one 201, one 409 */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":"
             "\"三十年如一日义务宣讲党史 🇨🇳\"}",
             yr, m_a);
    struct racer rc[2] = {{body, 0}, {body, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, race, &rc[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    assert_true((rc[0].status == 201 && rc[1].status == 409) || (rc[0].status == 409 && rc[1].status == 201));
    struct http_res r;
    assert_int_equal(jreq("GET", "/v1/excellence-nominations?kind=excellent_member", tok_yx, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 1);
    snprintf(nom_a, sizeof(nom_a), "%s", str_at(cJSON_GetArrayItem(items, 0), "id"));
    cJSON_Delete(j);
}

/* More nominations, and the record each carries: masked, revealed and audited. */
static void the_record_is_attached(void **s)
{
    (void)s;
    char body[768], path[128];
    const char *p = "/v1/excellence-nominations";

    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"热心助人\"}", yr,
             m_b);
    post_created(p, tok_yx, body, nom_b, sizeof(nom_b));
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"带头学习\"}", yr,
             m_c);
    post_created(p, tok_yx, body, nom_c, sizeof(nom_c));
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"advanced_org\",\"branch_id\":\"%s\",\"deeds\":\"六有阵地\"}", yr,
             branch);
    post_created(p, tok_yx, body, nom_org, sizeof(nom_org));

    /* the record: masked personal part; revealed with pii:read and audited */
    snprintf(path, sizeof(path), "%s/%s", p, nom_a);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(j, "record");
    const cJSON *pers = cJSON_GetObjectItemCaseSensitive(rec, "personal");
    assert_non_null(str_at(pers, "birth_year"));
    assert_null(str_at(pers, "birth_date"));
    assert_true(num_at(rec, "party_years") >= 50);
    assert_string_equal(str_at(rec, "branch_name"), "越秀两优一先支部");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(rec, "dues"));
    assert_string_equal(str_at(j, "name"), "甲优秀");
    assert_string_equal(str_at(j, "state"), "pending");
    cJSON_Delete(j);
    long before =
        test_db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'excellence.record_shown'", NULL, 0);
    snprintf(path, sizeof(path), "%s/%s?reveal=true", p, nom_a);
    j = expect_json(200, "GET", path, tok_yx, NULL);
    pers = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "record"), "personal");
    assert_non_null(str_at(pers, "birth_date"));
    cJSON_Delete(j);
    assert_int_equal(
        test_db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'excellence.record_shown'", NULL, 0),
        before + 1);
    /* the branch's record carries its organisational life */
    snprintf(path, sizeof(path), "%s/%s", p, nom_org);
    j = expect_json(200, "GET", path, tok_yx, NULL);
    assert_non_null(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "record"), "org_life"));
    cJSON_Delete(j);
    /* nobody else sees a county-stage nomination */
    snprintf(path, sizeof(path), "%s/%s", p, nom_a);
    expect(404, "GET", path, tok_jh, NULL);
    expect(404, "GET", path, tok_gz, NULL);
    expect(404, "GET", path, tok_gd, NULL);
}

/* A branch nominates its own members (its secretary), sees what it nominated, and
 * decides nothing. */
static void a_branch_nominates_its_members(void **s)
{
    (void)s;
    char body[512], other[24], m_s[24], m_o[24], acc[24], id[24];
    const char *p = "/v1/excellence-nominations";
    branch_create(tok_yx, "越秀推优对照支部", "regular", "community", other, sizeof(other));
    member_in("戊支部推荐", "", m_s);
    char idno[19], ex[128];
    idno_seq(idno, "530000", "1934", idseq++);
    snprintf(ex, sizeof(ex), ",\"joined_on\":\"1975-07-01\",\"branch_id\":\"%s\"", other);
    member_create(tok_yx, "己别的支部", idno, "retired", ex, m_o, sizeof(m_o));
    snprintf(body, sizeof(body),
             "{\"username\":\"exc.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"excellence-secretary-1\",\"branch_id\":\"%s\"}",
             branch);
    post_created("/v1/accounts", tok_yx, body, acc, sizeof(acc));
    login("440104", "exc.sec", "excellence-secretary-1", tok_sec, sizeof(tok_sec), NULL, 0);
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_o);
    expect(404, "POST", p, tok_sec, body); /* not a member of its branch */
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"advanced_org\",\"branch_id\":\"%s\",\"deeds\":\"x\"}", yr, branch);
    expect_field(422, "POST", p, tok_sec, body, "kind");
    snprintf(
        body, sizeof(body),
        "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"支部党员大会推荐\"}", yr,
        m_s);
    post_created(p, tok_sec, body, id, sizeof(id));
    cJSON *j = expect_json(200, "GET", "/v1/excellence-nominations", tok_sec, NULL);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 1); /* only what its branch nominated */
    assert_string_equal(str_at(cJSON_GetArrayItem(items, 0), "nominated_by"), "branch");
    assert_string_equal(str_at(cJSON_GetArrayItem(items, 0), "by_branch_id"), branch);
    cJSON_Delete(j);
    expect(403, "GET", "/v1/excellence-rounds", tok_sec, NULL);
    char path[128];
    snprintf(path, sizeof(path), "%s/%s/decisions", p, id);
    expect_with(403, "POST", path, tok_sec, "{\"action\":\"name\"}",
                (const char *const[]){"If-Match: \"1\"", NULL});
}

/* Moves the notice of nomination id to from..until (days from today). */
static void notice_at(const char *id, int from, int until)
{
    struct db *db = test_db();
    /* the tests' today (the service's pinned clock), not the database's */
    struct db_param p[] = {P_STR(today), P_I64(from), P_STR(today), P_I64(until), P_I64(atoll(id))};
    assert_int_equal(db_exec(db,
                             "UPDATE excellence_nominations SET notice_from = DATE(?) + INTERVAL ? DAY, "
                             "notice_until = DATE(?) + INTERVAL ? DAY WHERE id = ?",
                             p, 5, NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
}

static long decide(const char *token, const char *id, const char *action, struct http_res *r)
{
    char path[128], body[128], im[64];
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s", id);
    if_match(path, token, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s/decisions", id);
    snprintf(body, sizeof(body), "{\"action\":\"%s\",\"reason\":\"会议研究\"}", action);
    return req("POST", path, token, "application/json", body, (const char *const[]){im, NULL}, r);
}

static void expect_decide(const char *token, const char *id, const char *action, long status,
                          const char *says)
{
    struct http_res r;
    long st = decide(token, id, action, &r);
    if (st != status || (says && !strstr(r.body, says))) {
        fail_msg("%s %s: %ld %s (expected %ld saying %s)", action, id, st, r.body, status, says ? says : "-");
    }
    http_free(&r);
}

/* The notice (公示): published once, its list shows names and units; naming waits. */
static void notice_is_published(void **s)
{
    (void)s;
    char path[160];
    expect_decide(tok_yx, nom_a, "name", 409, "公示"); /* no notice yet */
    snprintf(path, sizeof(path), "/v1/excellence-rounds/%s/notice", round_yx);
    expect_field(422, "POST", path, tok_yx, "{\"from\":\"2001-01-01\"}", "from");
    cJSON *j = expect_json(200, "POST", path, tok_yx, "{}");
    assert_true(num_at(j, "nominations") == 6);
    assert_true(strcmp(str_at(j, "notice_until"), today) > 0); /* seven working days ahead */
    cJSON_Delete(j);
    expect_problem(409, "POST", path, tok_yx, "{}"); /* nothing left to publish */
    j = expect_json(200, "GET", path, tok_yx, NULL); /* the published list: names and units */
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    assert_int_equal(cJSON_GetArraySize(items), 6);
    bool seen = false;
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, items)
    {
        if (strcmp(str_at(it, "name"), "甲优秀") == 0) {
            seen = true;
            assert_string_equal(str_at(it, "unit"), "越秀两优一先支部");
            assert_string_equal(str_at(it, "title"), "优秀共产党员");
        }
        assert_null(cJSON_GetObjectItemCaseSensitive(it, "record"));
    }
    assert_true(seen);
    cJSON_Delete(j);
    expect(404, "GET", path, tok_jh, NULL);
    expect_decide(tok_yx, nom_a, "name", 409, "公示"); /* the notice has not ended */
}

/* An objection to B while its notice runs: sealed, masked, revealed. */
static void objection_is_sealed(void **s)
{
    (void)s;
    char path[160], body[256];
    notice_at(nom_b, -2, 3);
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s/objections", nom_b);
    snprintf(body, sizeof(body), "{\"received_on\":\"%s\",\"text\":\"群众张三来信反映其长期不参加组织生活\"}",
             today);
    expect(201, "POST", path, tok_yx, body);
    expect(404, "POST", path, tok_jh, body);
    expect_field(422, "POST", path, tok_yx, "{\"text\":\"\"}", "text");
    assert_int_equal(
        test_db_count("SELECT COUNT(*) FROM excellence_objections WHERE text_enc LIKE '%张三%'", NULL, 0), 0);
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s", nom_b);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "objections"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "text")));
    assert_true(num_at(j, "open_objections") == 1);
    snprintf(oid, sizeof(oid), "%s", str_at(o, "id"));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s?reveal=true", nom_b);
    j = expect_json(200, "GET", path, tok_yx, NULL);
    o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "objections"), 0);
    assert_string_equal(str_at(o, "text"), "群众张三来信反映其长期不参加组织生活");
    cJSON_Delete(j);
}

/* Every notice has run out: B still waits for its objection, upheld withdraws it. */
static void objection_upheld_withdraws(void **s)
{
    (void)s;
    char path[160];
    notice_at(nom_a, -12, -3);
    notice_at(nom_b, -12, -3);
    notice_at(nom_c, -12, -3);
    notice_at(nom_org, -12, -3);
    expect_decide(tok_yx, nom_b, "name", 409, "异议");
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s/objections/%s/resolution", nom_b, oid);
    expect_field(422, "POST", path, tok_yx, "{\"outcome\":\"maybe\",\"reason\":\"x\"}", "outcome");
    expect(200, "POST", path, tok_yx, "{\"outcome\":\"upheld\",\"reason\":\"经核实情况属实\"}");
    expect(404, "POST", path, tok_yx, "{\"outcome\":\"dismissed\",\"reason\":\"再议\"}"); /* no longer open */
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s", nom_b);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    assert_string_equal(str_at(j, "state"), "withdrawn");
    cJSON_Delete(j);
    expect_decide(tok_yx, nom_b, "name", 409, NULL);
}

/* Naming within the quota writes the honour; one more is refused naming the quota. */
static void naming_writes_the_honour(void **s)
{
    (void)s;
    char path[160];
    const cJSON *it = NULL;
    expect_decide(tok_yx, nom_a, "name", 200, NULL);
    expect_decide(tok_yx, nom_c, "name", 409, "quota");
    expect_decide(tok_yx, nom_org, "name", 200, NULL);
    snprintf(path, sizeof(path), "/v1/honours?year=%s", yr);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    int found = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const char *t = str_at(it, "title");
        if (t && strcmp(t, "优秀共产党员") == 0 && strcmp(str_at(it, "member_id"), m_a) == 0) {
            assert_string_equal(str_at(it, "level"), "county");
            found++;
        }
        if (t && strcmp(t, "先进基层党组织") == 0) {
            assert_string_equal(str_at(it, "kind"), "advanced_organisation");
            found++;
        }
    }
    assert_int_equal(found, 2);
    cJSON_Delete(j);
}

/* Sent up within the higher office's quota, seen there (only there) once it arrives. */
static void sent_up_and_seen_above(void **s)
{
    (void)s;
    char path[160];
    expect_decide(tok_yx, nom_org, "nominate", 409, "quota"); /* 广州 takes no organisations */
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s/decisions", nom_a);
    expect_with(404, "POST", path, tok_gz, "{\"action\":\"name\"}", /* not yet its to see */
                (const char *const[]){"If-Match: \"5\"", NULL});
    expect_decide(tok_yx, nom_a, "nominate", 200, NULL);
    expect_decide(tok_yx, nom_a, "name", 409, "prefecture"); /* now 广州 decides */
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s", nom_a);
    cJSON *j = expect_json(200, "GET", path, tok_gz, NULL);
    assert_string_equal(str_at(j, "stage"), "prefecture");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "notice"),
                                                              "from"))); /* its own notice to come */
    cJSON_Delete(j);
    expect(404, "GET", path, tok_bn, NULL); /* another province's prefecture */
    expect(404, "GET", path, tok_gd, NULL); /* the province: not yet */
    snprintf(path, sizeof(path), "/v1/excellence-nominations?year=%s&stage=prefecture", yr);
    j = expect_json(200, "GET", path, tok_gz, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    cJSON_Delete(j);
    j = expect_json(200, "GET", path, tok_bn, NULL); /* 西双版纳 sees its own counties' only */
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_not_equal(str_at(it, "id"), nom_a);
        assert_int_equal(strncmp(str_at(cJSON_GetObjectItemCaseSensitive(it, "office"), "code"), "5328", 4),
                         0);
    }
    cJSON_Delete(j);
}

/* Named above after its own notice: the honour in the member's county, every step kept. */
static void named_above(void **s)
{
    (void)s;
    char path[160];
    const cJSON *it = NULL;
    expect_decide(tok_gz, nom_a, "name", 409, "公示");
    snprintf(path, sizeof(path), "/v1/excellence-rounds/%s/notice", round_gz);
    cJSON_Delete(expect_json(200, "POST", path, tok_gz, "{}"));
    notice_at(nom_a, -12, -3);
    expect_decide(tok_gz, nom_a, "name", 200, NULL);
    expect_decide(tok_gz, nom_a, "nominate", 409, "quota"); /* 广东 takes none from below */
    /* the prefecture's honour is written in the member's county */
    snprintf(path, sizeof(path), "/v1/honours?year=%s&kind=excellent_member", yr);
    cJSON *j = expect_json(200, "GET", path, tok_yx, NULL);
    int levels = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        levels += strcmp(str_at(it, "member_id"), m_a) == 0;
    }
    assert_int_equal(levels, 2);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/excellence-rounds/%s", round_gz);
    j = expect_json(200, "GET", path, tok_gz, NULL);
    assert_true(num_at(cJSON_GetObjectItemCaseSensitive(j, "named"), "excellent_member") == 1);
    cJSON_Delete(j);
    /* every step, by whom and where */
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s", nom_a);
    j = expect_json(200, "GET", path, tok_gz, NULL);
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(j, "steps");
    const char *want[][2] = {{"nominated", "440104"}, {"notice", "440104"}, {"name", "440104"},
                             {"nominate", "440104"},  {"notice", "440100"}, {"name", "440100"}};
    assert_int_equal(cJSON_GetArraySize(steps), 6);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(str_at(cJSON_GetArrayItem(steps, i), "action"), want[i][0]);
        assert_string_equal(str_at(cJSON_GetArrayItem(steps, i), "office"), want[i][1]);
    }
    cJSON_Delete(j);
    expect(400, "GET", "/v1/excellence-nominations?kind=hero", tok_gz, NULL);
    expect(400, "GET", "/v1/excellence-nominations?year=26", tok_gz, NULL);
}

/* Who has no right to stand is not nominated: a probationary member (预备党员) and one
 * under 留党察看 (422 naming the rule). */
static void no_vote_no_nomination(void **s)
{
    (void)s;
    char body[512], idno[19], ex[256], m_p[24], m_l[24];
    const char *p = "/v1/excellence-nominations";
    idno_seq(idno, "530000", "1934", idseq++);
    snprintf(ex, sizeof(ex), ",\"joined_on\":\"%s\",\"branch_id\":\"%s\"", today, branch);
    member_create(tok_yx, "庚预备党员", idno, "retired", ex, m_p, sizeof(m_p));
    idno_seq(idno, "530000", "1934", idseq++);
    snprintf(ex, sizeof(ex),
             ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\",\"party_probation_until\":\"%d-06-30\"",
             branch, atoi(yr) + 1);
    member_create(tok_yx, "辛留党察看", idno, "retired", ex, m_l, sizeof(m_l));
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_p);
    struct http_res r;
    assert_int_equal(jreq("POST", p, tok_yx, body, &r), 422);
    assert_non_null(strstr(r.body, "预备党员"));
    http_free(&r);
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_l);
    assert_int_equal(jreq("POST", p, tok_yx, body, &r), 422);
    assert_non_null(strstr(r.body, "留党察看"));
    http_free(&r);
}

static void *publish(void *x)
{
    struct racer *rc = x;
    struct http_res r;
    rc->status = jreq("POST", rc->body, tok_yx, "{}", &r);
    http_free(&r);
    return NULL;
}

/* A member's work unit is masked in the staff list (not a notice) unless revealed; two
 * publishes at once: one publishes, the other finds nothing left (409, no 500). */
static void unit_masked_and_one_publish(void **s)
{
    (void)s;
    char body[512], idno[19], m_u[24], id[24], path[160];
    const char *p = "/v1/excellence-nominations";
    const char *unit = "广州市越秀区人民政府办公室";
    idno_seq(idno, "530000", "1934", idseq++);
    member_create(tok_yx, "壬无支部", idno, "retired",
                  ",\"joined_on\":\"1970-07-01\",\"work_unit\":\"广州市越秀区人民政府办公室\"", m_u,
                  sizeof(m_u));
    snprintf(body, sizeof(body),
             "{\"year\":%s,\"kind\":\"excellent_member\",\"member_id\":\"%s\",\"deeds\":\"x\"}", yr, m_u);
    post_created(p, tok_yx, body, id, sizeof(id));
    cJSON *j = expect_json(200, "GET", p, tok_yx, NULL);
    const cJSON *it = NULL;
    int seen = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_at(it, "id"), id) == 0) {
            assert_string_not_equal(str_at(it, "unit"), unit);
            assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "unit_masked")));
            seen++;
        }
    }
    assert_int_equal(seen, 1);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "%s/%s?reveal=true", p, id);
    j = expect_json(200, "GET", path, tok_yx, NULL);
    assert_string_equal(str_at(j, "unit"), unit);
    cJSON_Delete(j);

    snprintf(path, sizeof(path), "/v1/excellence-rounds/%s/notice", round_yx);
    struct racer rc[2] = {{path, 0}, {path, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, publish, &rc[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    assert_true((rc[0].status == 200 && rc[1].status == 409) || (rc[0].status == 409 && rc[1].status == 200));
    j = expect_json(200, "GET", path, tok_yx, NULL); /* the notice itself shows the unit */
    seen = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        seen += strcmp(str_at(it, "name"), "壬无支部") == 0 && strcmp(str_at(it, "unit"), unit) == 0;
    }
    assert_int_equal(seen, 1);
    cJSON_Delete(j);
}

/* A nominee under 留党察看 or no longer active is not named (no honour on a closed record); a higher
 * office's reveal is audited in the nominee's office too. */
static void closed_records_and_audit_below(void **s)
{
    (void)s;
    char path[160];
    struct db *db = test_db();
    struct db_param pt[] = {P_STR(today), P_I64(atoll(m_c))};
    /* put under 留党察看 since it was nominated: not named while it lasts */
    assert_int_equal(
        db_exec(db, "UPDATE members SET party_probation_until = ? WHERE id = ?", pt, 2, NULL, NULL, NULL),
        YH_OK);
    expect_decide(tok_yx, nom_c, "name", 409, "留党察看");
    db_close(db);
    /* the death recorded as the office records it (its branch and memberships close) */
    char mpath[96], im[64], body[128];
    const char *hdr[] = {im, NULL};
    struct http_res r;
    snprintf(mpath, sizeof(mpath), "/v1/members/%s", m_c);
    if_match(mpath, tok_yx, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/death", m_c);
    snprintf(body, sizeof(body), "{\"died_on\":\"%s\",\"reported_by\":\"女儿\"}", today);
    assert_int_equal(req("POST", path, tok_yx, "application/json", body, hdr, &r), 201);
    http_free(&r);
    expect_decide(tok_yx, nom_c, "name", 409, "no longer active");
    struct db_param pa[] = {P_STR("440104")};
    const char *q = "SELECT COUNT(*) FROM audit_log WHERE office_code = ? AND action = "
                    "'excellence.record_shown_above' AND actor LIKE '440100/%'";
    long before = test_db_count(q, pa, 1);
    snprintf(path, sizeof(path), "/v1/excellence-nominations/%s?reveal=true", nom_a);
    cJSON_Delete(expect_json(200, "GET", path, tok_gz, NULL));
    assert_int_equal(test_db_count(q, pa, 1), before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rounds_hold_their_quotas),
        cmocka_unit_test(nominations_check_their_subject),
        cmocka_unit_test(the_record_is_attached),
        cmocka_unit_test(a_branch_nominates_its_members),
        cmocka_unit_test(notice_is_published),
        cmocka_unit_test(objection_is_sealed),
        cmocka_unit_test(objection_upheld_withdraws),
        cmocka_unit_test(naming_writes_the_honour),
        cmocka_unit_test(sent_up_and_seen_above),
        cmocka_unit_test(named_above),
        cmocka_unit_test(no_vote_no_nomination),
        cmocka_unit_test(unit_masked_and_one_publish),
        cmocka_unit_test(closed_records_and_audit_below),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
