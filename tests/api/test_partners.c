/* Associations and partners through HTTP (README.md, Associations and partners; seeds
 * 001 多联一 and 002): organisations with their limits, unique names (also under
 * concurrent duplicates) and idempotent creates; pairings with branches (history kept,
 * one open pairing, the branch's view for its secretary); yearly joint activities held or
 * not held, overdue and the office overview, each cached read invalidated by the writes;
 * another office's token gets 404 on every id. Office 440104 is written here (members
 * born 1937 in 530000's range); 532822 is the other office. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_other[2048], tok_sec[2048], tok_mem[2048];
static char br_a[24], br_b[24], br_x[24];
static int year_now, month_now;
static char today[11];

static int setup(void **s)
{
    (void)s;
    char body[512], acc[24], mid[24], idno[19];
    api_start(NULL, "build/test-logs/partners-server.log");
    login("440104", "admin", "demo-440104-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    branch_create(tok, "共建测试第一支部", "regular", "community", br_a, sizeof(br_a));
    branch_create(tok, "共建测试第二支部", "regular", "community", br_b, sizeof(br_b));
    branch_create(tok_other, "共建测试外局支部", "regular", "community", br_x, sizeof(br_x));
    snprintf(body, sizeof(body),
             "{\"username\":\"partners.sec\",\"display_name\":\"支书\",\"role\":\"secretary\",\"password\":"
             "\"partners-secretary-1\",\"branch_id\":\"%s\"}",
             br_a);
    post_created("/v1/accounts", tok, body, acc, sizeof(acc));
    login("440104", "partners.sec", "partners-secretary-1", tok_sec, sizeof(tok_sec), NULL, 0);
    idno_seq(idno, "530000", "1937", 1);
    snprintf(body, sizeof(body), ",\"branch_id\":\"%s\",\"joined_on\":\"1960-07-01\"", br_a);
    member_create(tok, "共建老党员", idno, "retired", body, mid, sizeof(mid));
    member_account_create(tok, "partners.member", "共建老党员", "partners-member-1", mid, acc, sizeof(acc));
    login("440104", "partners.member", "partners-member-1", tok_mem, sizeof(tok_mem), NULL, 0);
    test_today(today);
    year_now = atoi(today);
    month_now = atoi(today + 5);
    return 0;
}

/* The string at key of object j ("" when absent or not a string). */
static const char *str_at(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num_at(const cJSON *j, const char *key)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

/* A new organisation; its id. */
static void org_create(const char *kind, const char *type, const char *name, char *id, size_t idlen)
{
    char body[600];
    snprintf(body, sizeof(body), "{\"kind\":\"%s\"%s%s%s,\"name\":\"%s\"}", kind,
             type ? ",\"partner_type\":\"" : "", type ? type : "", type ? "\"" : "", name);
    post_created("/v1/organisations", tok, body, id, idlen);
}

/* Whether the items of the list at path (as token) hold id at key. */
static bool list_has(const char *path, const char *token, const char *items, const char *key, const char *id)
{
    bool found = false;
    const cJSON *it = NULL;
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, items))
    {
        found = found || strcmp(str_at(it, key), id) == 0;
    }
    cJSON_Delete(j);
    return found;
}

/* Names, kinds and limits: 422 naming the field, 100 Chinese characters accepted. */
static void organisations_fields_and_limits(void **s)
{
    (void)s;
    char name[512], body[700];
    expect_field(422, "POST", "/v1/organisations", tok, "{\"kind\":\"partner\",\"name\":\"无类型单位\"}",
                 "partner_type");
    expect_field(422, "POST", "/v1/organisations", tok,
                 "{\"kind\":\"association\",\"partner_type\":\"library\",\"name\":\"带类型协会\"}",
                 "partner_type");
    expect_field(422, "POST", "/v1/organisations", tok, "{\"kind\":\"association\",\"name\":\"\"}", "name");
    expect_field(422, "POST", "/v1/organisations", tok, "{\"kind\":\"club\",\"name\":\"俱乐部\"}", "kind");
    expect_field(422, "POST", "/v1/organisations", tok,
                 "{\"kind\":\"association\",\"name\":\"协会\",\"owner\":1}", "owner");
    /* 100 characters are accepted, 101 are not */
    name[0] = '\0';
    for (int i = 0; i < 100; i++) {
        strcat(name, "会");
    }
    snprintf(body, sizeof(body), "{\"kind\":\"association\",\"name\":\"%s\"}", name);
    expect(201, "POST", "/v1/organisations", tok, body);
    snprintf(body, sizeof(body), "{\"kind\":\"association\",\"name\":\"%s会\"}", name);
    expect_field(422, "POST", "/v1/organisations", tok, body, "name");
    /* contact 60 characters, notes 500, pages 100 */
    name[0] = '\0';
    for (int i = 0; i < 61; i++) {
        strcat(name, "联");
    }
    snprintf(body, sizeof(body), "{\"kind\":\"association\",\"name\":\"联络协会\",\"contact\":\"%s\"}", name);
    expect_field(422, "POST", "/v1/organisations", tok, body, "contact");
    char notes[1600] = "";
    for (int i = 0; i < 501; i++) {
        strcat(notes, "记");
    }
    char big[1800];
    snprintf(big, sizeof(big), "{\"kind\":\"association\",\"name\":\"备注协会\",\"notes\":\"%s\"}", notes);
    expect_field(422, "POST", "/v1/organisations", tok, big, "notes");
    expect_field(400, "GET", "/v1/organisations?limit=101", tok, NULL, "limit");
    expect_problem(400, "GET", "/v1/organisations?owner=1", tok, NULL);
}

/* Traditional characters and emoji (two names differing only by an emoji are two names);
 * a name unique per office (409 naming the rule, another office may use it); a patch with
 * If-Match, kind fixed. */
static void organisations_names_and_patch(void **s)
{
    (void)s;
    char id[24], id2[24], path[96], ifm[64];
    org_create("association", NULL, "景洪市詩詞楹聯學會", id, sizeof(id));
    org_create("association", NULL, "书画研究会🌸", id2, sizeof(id2));
    org_create("association", NULL, "书画研究会🌺", id2, sizeof(id2));
    snprintf(path, sizeof(path), "/v1/organisations/%s", id2);
    cJSON *j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(str_at(j, "name"), "书画研究会🌺");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "partner_type")));
    cJSON_Delete(j);
    /* the same name again: 409 naming the rule */
    struct http_res r;
    assert_int_equal(jreq("POST", "/v1/organisations", tok,
                          "{\"kind\":\"partner\",\"partner_type\":\"other\","
                          "\"name\":\"景洪市詩詞楹聯學會\"}",
                          &r),
                     409);
    assert_non_null(strstr(r.body, "unique per office"));
    http_free(&r);
    /* the other office may use the name */
    expect(201, "POST", "/v1/organisations", tok_other,
           "{\"kind\":\"association\",\"name\":\"景洪市詩詞楹聯學會\"}");
    /* a patch: If-Match, kind fixed, a name taken → 409 */
    snprintf(path, sizeof(path), "/v1/organisations/%s", id);
    expect_problem(428, "PATCH", path, tok, "{\"notes\":\"每月一次诗会\"}");
    expect_problem_with(412, "PATCH", path, tok, "{\"notes\":\"每月一次诗会\"}",
                        (const char *const[]){"If-Match: \"99\"", NULL});
    if_match(path, tok, ifm, sizeof(ifm));
    expect_with(422, "PATCH", path, tok, "{\"kind\":\"partner\"}", (const char *const[]){ifm, NULL});
    expect_with(409, "PATCH", path, tok, "{\"name\":\"书画研究会🌸\"}", (const char *const[]){ifm, NULL});
    expect_with(200, "PATCH", path, tok, "{\"notes\":\"每月一次诗会\",\"contact\":\"秘书长\"}",
                (const char *const[]){ifm, NULL});
    j = expect_json(200, "GET", path, tok, NULL);
    assert_string_equal(str_at(j, "contact"), "秘书长");
    assert_int_equal((int)num_at(j, "version"), 2);
    cJSON_Delete(j);
}

/* The kind filter and keyset pages; the cached list follows a create at once. */
static void organisations_kind_filter_and_pages(void **s)
{
    (void)s;
    char id[24];
    assert_false(list_has("/v1/organisations?kind=partner&limit=100", tok, "items", "name", "景洪市图书馆"));
    org_create("partner", "library", "景洪市图书馆", id, sizeof(id));
    expect_problem(400, "GET", "/v1/organisations?kind=club", tok, NULL);
    assert_true(list_has("/v1/organisations?kind=partner&limit=100", tok, "items", "id", id));
    assert_false(list_has("/v1/organisations?kind=association&limit=100", tok, "items", "id", id));
    cJSON *j = expect_json(200, "GET", "/v1/organisations?limit=2", tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 2);
    const char *cur = str_at(j, "next_cursor");
    assert_true(cur[0] != '\0');
    char next[600];
    snprintf(next, sizeof(next), "/v1/organisations?limit=2&cursor=%s", cur);
    cJSON_Delete(j);
    j = expect_json(200, "GET", next, tok, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 2);
    cJSON_Delete(j);
}

struct racer {
    const char *body;
    long status;
};

static void *race(void *p)
{
    struct racer *x = p;
    struct http_res r;
    char auth[2200], url[256];
    const char *h[] = {auth, "Content-Type: application/json", NULL};
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
    snprintf(url, sizeof(url), "%s/v1/organisations", api_base);
    x->status = http_do("POST", url, h, x->body, strlen(x->body), &r) == 0 ? r.status : -1;
    http_free(&r);
    return NULL;
}

/* A double submit: with an Idempotency-Key the retry replays the first answer; eight
 * concurrent creates of one name give one 201 and seven 409s (the unique key). */
static void duplicates_and_double_submits(void **s)
{
    (void)s;
    struct http_res a, b;
    char ida[24], idb[24], rep[16];
    const char *const key[] = {"Idempotency-Key: partners-org-1", NULL};
    const char *body = "{\"kind\":\"partner\",\"partner_type\":\"party_school\",\"name\":\"景洪市委党校\"}";
    assert_int_equal(req("POST", "/v1/organisations", tok, "application/json", body, key, &a), 201);
    assert_int_equal(req("POST", "/v1/organisations", tok, "application/json", body, key, &b), 201);
    assert_true(json_member(a.body, "id", ida, sizeof(ida)));
    assert_true(json_member(b.body, "id", idb, sizeof(idb)));
    assert_string_equal(ida, idb);
    assert_true(http_header(&b, "Idempotent-Replayed", rep, sizeof(rep)));
    http_free(&a);
    http_free(&b);
    expect_problem(409, "POST", "/v1/organisations", tok, body);
    /* a keyed create the store refuses (the name is taken) answers its 409, not a 503
     * for the rolled-back work, and the retry replays that 409 */
    const char *const key2[] = {"Idempotency-Key: partners-org-dup", NULL};
    assert_int_equal(req("POST", "/v1/organisations", tok, "application/json", body, key2, &a), 409);
    assert_int_equal(req("POST", "/v1/organisations", tok, "application/json", body, key2, &b), 409);
    assert_true(http_header(&b, "Idempotent-Replayed", rep, sizeof(rep)));
    http_free(&a);
    http_free(&b);
    struct racer rs[8];
    pthread_t th[8];
    int created = 0, conflicts = 0;
    for (int i = 0; i < 8; i++) {
        rs[i].body = "{\"kind\":\"association\",\"name\":\"老年体育协会\"}";
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        created += rs[i].status == 201;
        conflicts += rs[i].status == 409;
    }
    assert_int_equal(created, 1);
    assert_int_equal(conflicts, 7);
}

/* Pairings: one open at a time (409), an open branch of the office only (422, another
 * office's too), ended with the history kept; the branch's view for its secretary; a
 * referenced organisation is retired, not deleted. */
static void pairings_with_branches(void **s)
{
    (void)s;
    char org[24], pid[24], pid2[24], spare[24], body[256], path[128], bpath[96];
    org_create("partner", "department", "景洪市委组织部", org, sizeof(org));
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", org);
    snprintf(body, sizeof(body),
             "{\"branch_id\":\"%s\",\"since\":\"%d-01-01\",\"note\":\"每年共同举办一场学习会\"}", br_a,
             year_now);
    post_created(path, tok, body, pid, sizeof(pid));
    expect_problem(409, "POST", path, tok, body);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%d-01-01\"}", br_x, year_now);
    expect_field(422, "POST", path, tok, body, "branch_id");
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%d-01-01\"}", br_b, year_now + 1);
    expect_field(422, "POST", path, tok, body, "since");
    /* the branch's view: staff and its own secretary; another branch's 404; members 403 */
    snprintf(bpath, sizeof(bpath), "/v1/branches/%s/partners?state=open", br_a);
    assert_true(list_has(bpath, tok_sec, "items", "organisation_id", org));
    assert_true(list_has(bpath, tok, "items", "id", pid));
    snprintf(bpath, sizeof(bpath), "/v1/branches/%s/partners", br_b);
    expect_problem(404, "GET", bpath, tok_sec, NULL);
    snprintf(bpath, sizeof(bpath), "/v1/branches/%s/partners", br_a);
    expect_problem(403, "GET", bpath, tok_mem, NULL);
    expect_problem(403, "GET", "/v1/organisations", tok_mem, NULL);
    expect_problem(403, "GET", "/v1/organisations", tok_sec, NULL);
    /* ending: not before since, once; the history stays and a new pairing may open */
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches/%s/end", org, pid);
    snprintf(body, sizeof(body), "{\"until\":\"%d-12-31\"}", year_now - 1);
    expect_field(422, "POST", path, tok, body, "until");
    cJSON *j = expect_json(200, "POST", path, tok, "{}");
    assert_string_equal(str_at(j, "until"), today);
    cJSON_Delete(j);
    expect_problem(409, "POST", path, tok, "{}");
    /* the secretary's cached view follows the end */
    snprintf(bpath, sizeof(bpath), "/v1/branches/%s/partners?state=open", br_a);
    assert_false(list_has(bpath, tok_sec, "items", "organisation_id", org));
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", org);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%s\"}", br_a, today);
    post_created(path, tok, body, pid2, sizeof(pid2));
    snprintf(bpath, sizeof(bpath), "/v1/organisations/%s/branches?state=ended", org);
    assert_true(list_has(bpath, tok, "items", "id", pid));
    assert_false(list_has(bpath, tok, "items", "id", pid2));
    snprintf(bpath, sizeof(bpath), "/v1/organisations/%s", org);
    j = expect_json(200, "GET", bpath, tok, NULL);
    assert_int_equal((int)num_at(j, "open_pairings"), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "branches")), 1);
    cJSON_Delete(j);
    /* delete: If-Match (428, 412); referenced: 409; retired: no new pairing; never
     * referenced: deleted */
    char ifm[64];
    struct http_res r;
    if_match(bpath, tok, ifm, sizeof(ifm));
    expect_problem(428, "DELETE", bpath, tok, NULL);
    expect_problem_with(412, "DELETE", bpath, tok, NULL, (const char *const[]){"If-Match: \"99\"", NULL});
    assert_int_equal(req("DELETE", bpath, tok, NULL, NULL, (const char *const[]){ifm, NULL}, &r), 409);
    assert_non_null(strstr(r.body, "retire"));
    http_free(&r);
    expect_with(200, "PATCH", bpath, tok, "{\"active\":false}", (const char *const[]){ifm, NULL});
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%s\"}", br_b, today);
    expect_problem(409, "POST", path, tok, body);
    assert_true(list_has("/v1/organisations?active=false&limit=100", tok, "items", "id", org));
    org_create("association", NULL, "误录的协会", spare, sizeof(spare));
    snprintf(bpath, sizeof(bpath), "/v1/organisations/%s", spare);
    expect_with(204, "DELETE", bpath, tok, NULL, (const char *const[]){"If-Match: \"1\"", NULL});
    expect_problem(404, "GET", bpath, tok, NULL);
}

/* Creates an orglife activity of branch held an hour ago (as token); its id. */
static void activity_of(const char *token, const char *branch, char *id, size_t idlen)
{
    char at[26], path[96], body[256];
    test_cn_at(-3600, at);
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", branch);
    snprintf(body, sizeof(body),
             "{\"kind\":\"lecture\",\"title\":\"保健知识讲座\",\"held_at\":\"%s\",\"place\":\"活动室\"}", at);
    post_created(path, token, body, id, idlen);
}

/* The overview's entry for org (NULL when it is not among items), in j. */
static const cJSON *overview_entry(const cJSON *j, const char *items, const char *org)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, items))
    {
        if (strcmp(str_at(it, "id"), org) == 0) {
            return it;
        }
    }
    return NULL;
}

/* A hospital partner paired with branch A since last year; its id. */
static void paired_partner(const char *name, char *org, size_t len)
{
    char pid[24], body[200], path[96];
    org_create("partner", "hospital", name, org, len);
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", org);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%d-01-01\"}", br_a, year_now - 1);
    post_created(path, tok, body, pid, sizeof(pid));
}

/* A joint activity of org agreed for this month with branch A; its id. */
static void agreed_this_month(const char *org, char *ja, size_t len)
{
    char body[400], path[96];
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities", org);
    snprintf(body, sizeof(body),
             "{\"year\":%d,\"title\":\"保健知识培训班\",\"kind\":\"health_talk\",\"planned_month\":%d,"
             "\"branch_ids\":[\"%s\"]}",
             year_now, month_now, br_a);
    post_created(path, tok, body, ja, len);
}

/* A partner without agreement is listed as such; agreed this month it is upcoming (the
 * cached overview follows at once); last December's, nothing recorded, is overdue. */
static void joint_activities_upcoming_and_overdue(void **s)
{
    (void)s;
    char org[24], ja[24], jb[24], body[400], path[128], jpath[96], ov[64];
    paired_partner("景洪市第一人民医院", org, sizeof(org));
    snprintf(ov, sizeof(ov), "/v1/partners/overview?year=%d", year_now);
    cJSON *j = expect_json(200, "GET", ov, tok, NULL);
    assert_non_null(overview_entry(j, "partners_without_agreement", org));
    assert_null(overview_entry(j, "organisations", org));
    cJSON_Delete(j);
    agreed_this_month(org, ja, sizeof(ja));
    j = expect_json(200, "GET", ov, tok, NULL);
    assert_null(overview_entry(j, "partners_without_agreement", org));
    const cJSON *e = overview_entry(j, "organisations", org);
    assert_non_null(e);
    assert_int_equal((int)num_at(e, "agreed"), 1);
    assert_int_equal((int)num_at(e, "upcoming"), 1);
    assert_int_equal((int)num_at(e, "overdue"), 0);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities", org);
    snprintf(body, sizeof(body),
             "{\"year\":%d,\"title\":\"义诊\",\"kind\":\"health_check\",\"planned_on\":\"%d-12-15\"}",
             year_now - 1, year_now - 1);
    post_created(path, tok, body, jb, sizeof(jb));
    snprintf(jpath, sizeof(jpath), "/v1/joint-activities/%s", jb);
    j = expect_json(200, "GET", jpath, tok, NULL);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "overdue")));
    assert_int_equal((int)num_at(j, "planned_month"), 12);
    cJSON_Delete(j);
    snprintf(ov, sizeof(ov), "/v1/partners/overview?year=%d", year_now - 1);
    j = expect_json(200, "GET", ov, tok, NULL);
    assert_int_equal((int)num_at(overview_entry(j, "organisations", org), "overdue"), 1);
    cJSON_Delete(j);
}

/* The plan's checks name the field: the year, planned_on within planned_month, a month
 * or a day, branches paired with the organisation. */
static void joint_activity_plan_checks(void **s)
{
    (void)s;
    char org[24], body[400], path[128];
    paired_partner("景洪市中医医院", org, sizeof(org));
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities", org);
    snprintf(body, sizeof(body), "{\"year\":%d,\"title\":\"讲座\",\"kind\":\"lecture\",\"planned_month\":1}",
             year_now + 2);
    expect_field(422, "POST", path, tok, body, "year");
    snprintf(body, sizeof(body),
             "{\"year\":%d,\"title\":\"讲座\",\"kind\":\"lecture\",\"planned_month\":1,\"planned_on\":\"%d-"
             "02-03\"}",
             year_now, year_now);
    expect_field(422, "POST", path, tok, body, "planned_on");
    snprintf(body, sizeof(body), "{\"year\":%d,\"title\":\"讲座\",\"kind\":\"lecture\"}", year_now);
    expect_field(422, "POST", path, tok, body, "planned_month");
    snprintf(
        body, sizeof(body),
        "{\"year\":%d,\"title\":\"讲座\",\"kind\":\"lecture\",\"planned_month\":1,\"branch_ids\":[\"%s\"]}",
        year_now, br_b);
    expect_field(422, "POST", path, tok, body, "branch_ids");
}

/* Held: a day and the people served, an activity record of the office only (the cached
 * yearly list follows). */
static void joint_activity_held(const char *org, const char *ja)
{
    char act[24], act_x[24], body[400], path[128], jpath[96], ifm[64];
    snprintf(jpath, sizeof(jpath), "/v1/joint-activities/%s", ja);
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities?year=%d", org, year_now);
    cJSON *j = expect_json(200, "GET", path, tok, NULL); /* fills the cache */
    cJSON_Delete(j);
    if_match(jpath, tok, ifm, sizeof(ifm));
    snprintf(body, sizeof(body), "{\"status\":\"held\",\"held_on\":\"%s\"}", today);
    expect_with(422, "PATCH", jpath, tok, body, (const char *const[]){ifm, NULL});
    activity_of(tok, br_a, act, sizeof(act));
    activity_of(tok_other, br_x, act_x, sizeof(act_x));
    snprintf(body, sizeof(body),
             "{\"status\":\"held\",\"held_on\":\"%s\",\"people_served\":35,\"activity_id\":\"%s\"}", today,
             act_x);
    expect_with(422, "PATCH", jpath, tok, body, (const char *const[]){ifm, NULL});
    snprintf(body, sizeof(body),
             "{\"status\":\"held\",\"held_on\":\"%s\",\"people_served\":35,\"activity_id\":\"%s\"}", today,
             act);
    expect_with(200, "PATCH", jpath, tok, body, (const char *const[]){ifm, NULL});
    j = expect_json(200, "GET", path, tok, NULL);
    assert_int_equal((int)num_at(cJSON_GetObjectItemCaseSensitive(j, "summary"), "held"), 1);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_int_equal((int)num_at(first, "people_served"), 35);
    assert_string_equal(str_at(first, "activity_id"), act);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(first, "branch_ids"), 0)),
        br_a);
    cJSON_Delete(j);
}

/* Held, then not held after all: a reason, and the held values go; the overview counts
 * it not held. */
static void joint_activities_held_or_not(void **s)
{
    (void)s;
    char org[24], ja[24], jpath[96], ifm[64], ov[64];
    paired_partner("景洪市妇幼保健院", org, sizeof(org));
    agreed_this_month(org, ja, sizeof(ja));
    joint_activity_held(org, ja);
    snprintf(jpath, sizeof(jpath), "/v1/joint-activities/%s", ja);
    if_match(jpath, tok, ifm, sizeof(ifm));
    expect_with(422, "PATCH", jpath, tok, "{\"status\":\"not_held\"}", (const char *const[]){ifm, NULL});
    expect_with(200, "PATCH", jpath, tok, "{\"status\":\"not_held\",\"reason\":\"医院义诊任务冲突，改明年\"}",
                (const char *const[]){ifm, NULL});
    cJSON *j = expect_json(200, "GET", jpath, tok, NULL);
    assert_string_equal(str_at(j, "status"), "not_held");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "held_on")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "people_served")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "activity_id")));
    cJSON_Delete(j);
    snprintf(ov, sizeof(ov), "/v1/partners/overview?year=%d", year_now);
    j = expect_json(200, "GET", ov, tok, NULL);
    const cJSON *e = overview_entry(j, "organisations", org);
    assert_int_equal((int)num_at(e, "not_held"), 1);
    assert_int_equal((int)num_at(e, "upcoming"), 0);
    cJSON_Delete(j);
}

/* Another office's token: 404 on the organisation, its pairing and joint activity, and
 * they are in none of its lists. */
static void another_office_gets_404(void **s)
{
    (void)s;
    char org[24], pid[24], ja[24], body[300], path[128];
    org_create("partner", "department", "景洪市民政局", org, sizeof(org));
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", org);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%s\"}", br_a, today);
    post_created(path, tok, body, pid, sizeof(pid));
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities", org);
    snprintf(body, sizeof(body),
             "{\"year\":%d,\"title\":\"居家养老服务\",\"kind\":\"care_service\",\"planned_month\":%d}",
             year_now, month_now);
    post_created(path, tok, body, ja, sizeof(ja));
    const char *const ifm[] = {"If-Match: \"1\"", NULL};
    snprintf(path, sizeof(path), "/v1/organisations/%s", org);
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem_with(404, "PATCH", path, tok_other, "{\"notes\":\"x\"}", ifm);
    expect_problem_with(404, "DELETE", path, tok_other, NULL, ifm);
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", org);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%s\"}", br_x, today);
    expect_problem(404, "POST", path, tok_other, body);
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches/%s", org, pid);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches/%s/end", org, pid);
    expect_problem(404, "POST", path, tok_other, "{}");
    snprintf(path, sizeof(path), "/v1/branches/%s/partners", br_a);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/organisations/%s/joint-activities", org);
    expect_problem(404, "GET", path, tok_other, NULL);
    snprintf(body, sizeof(body), "{\"year\":%d,\"title\":\"x\",\"kind\":\"other\",\"planned_month\":1}",
             year_now);
    expect_problem(404, "POST", path, tok_other, body);
    snprintf(path, sizeof(path), "/v1/joint-activities/%s", ja);
    expect_problem(404, "GET", path, tok_other, NULL);
    expect_problem_with(404, "PATCH", path, tok_other, "{\"title\":\"x\"}", ifm);
    assert_false(list_has("/v1/organisations?limit=100", tok_other, "items", "id", org));
    cJSON *j = expect_json(200, "GET", "/v1/partners/overview", tok_other, NULL);
    assert_null(overview_entry(j, "organisations", org));
    assert_null(overview_entry(j, "partners_without_agreement", org));
    cJSON_Delete(j);
    /* the pairing of its own organisation with this office's branch: 422 */
    char own[24];
    post_created("/v1/organisations", tok_other,
                 "{\"kind\":\"partner\",\"partner_type\":\"library\",\"name\":\"勐海县图书馆\"}", own,
                 sizeof(own));
    snprintf(path, sizeof(path), "/v1/organisations/%s/branches", own);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"since\":\"%s\"}", br_a, today);
    expect_field(422, "POST", path, tok_other, body, "branch_id");
}

/* The demo county has the seed's 多联一 partners, the hospital and the library, paired
 * with branches, and this year's joint activities, some held and some overdue; its
 * secretary reads the first branch's five 多联一 partners. */
static void demo_county_partners(void **s)
{
    (void)s;
    char jh[2048];
    login("532801", "admin", "demo-532801-pass", jh, sizeof(jh), NULL, 0);
    cJSON *j = expect_json(200, "GET", "/v1/organisations?kind=partner&limit=100", jh, NULL);
    int partners = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items"));
    cJSON_Delete(j);
    assert_true(partners >= 7);
    j = expect_json(200, "GET", "/v1/organisations?kind=association&limit=100", jh, NULL);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")) >= 4);
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/partners/overview", jh, NULL);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "totals");
    assert_true(num_at(t, "agreed") >= 7);
    assert_int_equal(num_at(t, "agreed"), num_at(t, "held") + num_at(t, "not_held") + num_at(t, "overdue") +
                                              num_at(t, "upcoming"));
    /* the activities of months gone by are recorded, or overdue (none before February) */
    if (month_now > 1) {
        assert_true(num_at(t, "held") >= 1);
    }
    cJSON_Delete(j);
    /* the secretary of the first regular branch reads its partners */
    char sec[2048], branch[24] = "", path[96];
    const cJSON *it = NULL;
    login("532801", "secretary", "demo-532801-sec", sec, sizeof(sec), NULL, 0);
    j = expect_json(200, "GET", "/v1/accounts?limit=100", jh, NULL);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(str_at(it, "username"), "secretary") == 0) {
            snprintf(branch, sizeof(branch), "%s", str_at(it, "branch_id"));
        }
    }
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/branches/%s/partners?state=open", branch);
    j = expect_json(200, "GET", path, sec, NULL);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")) >= 5);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(organisations_fields_and_limits),
        cmocka_unit_test(organisations_names_and_patch),
        cmocka_unit_test(organisations_kind_filter_and_pages),
        cmocka_unit_test(duplicates_and_double_submits),
        cmocka_unit_test(pairings_with_branches),
        cmocka_unit_test(joint_activities_upcoming_and_overdue),
        cmocka_unit_test(joint_activity_plan_checks),
        cmocka_unit_test(joint_activities_held_or_not),
        cmocka_unit_test(another_office_gets_404),
        cmocka_unit_test(demo_county_partners),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
