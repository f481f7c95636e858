/* Members living elsewhere, branches located elsewhere and 混编 through HTTP (issue 15):
 * a branch's location validated and listed (?located=); `relocated` derived on create,
 * patch and import, listed (?relocated=, ?residence=) and counted in the statistics by
 * place; consent by the member itself (its own id only) and by staff; grants to a host
 * office (rules, duplicates, idempotent double submit, revocation, another office's
 * 404); the host's list — masked, revealed with pii:read and audited in both offices,
 * empty without a grant, without consent, after a move or a transfer; 混编 only without a
 * branch here, counted once as "managed with an in-service unit" in coverage and the
 * statistics. Home office 440104 (越秀), host 530100 (昆明); members' ID numbers from
 * idno_seq("530000", "1932", n). */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char tok[2048], tok_host[2048], tok_other[2048];
static unsigned seq = 1;

static int setup(void **s)
{
    (void)s;
    api_start(NULL, "build/test-logs/relocated-server.log");
    login("440104", "admin", "demo-440104-pass", tok, sizeof(tok), NULL, 0);
    login("530100", "admin", "demo-530100-pass", tok_host, sizeof(tok_host), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* A retired member of 440104 named name; extra is more JSON members. */
static void member(const char *name, const char *extra, char *id, size_t idlen)
{
    char idno[19];
    idno_seq(idno, "530000", "1932", seq++);
    member_create(tok, name, idno, "retired", extra, id, idlen);
}

/* The member's JSON as token sees it (caller deletes). */
static cJSON *get_member(const char *token, const char *id)
{
    char path[64];
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    return expect_json(200, "GET", path, token, NULL);
}

static bool flag(const cJSON *j, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, name));
}

/* Whether the page at path (as token) lists id among its items. */
static bool lists(const char *path, const char *token, const char *id)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *it = NULL;
    bool found = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(it, "id");
        found = found || (cJSON_IsString(x) && strcmp(x->valuestring, id) == 0);
    }
    cJSON_Delete(j);
    return found;
}

/* PATCH /v1/members/{id} as staff with body, expecting status. */
static void patch_member(long status, const char *id, const char *body)
{
    char path[64], im[64];
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, tok, im, sizeof(im));
    expect_with(status, "PATCH", path, tok, body, (const char *const[]){im, NULL});
}

/* PUT /v1/members/{id}/nearby-consent as token with body and the member's version read as
 * token (If-Match), expecting status. */
static void consent_put(long status, const char *id, const char *token, const char *body)
{
    char path[96], im[64];
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, token, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/nearby-consent", id);
    expect_with(status, "PUT", path, token, body, (const char *const[]){im, NULL});
}

/* DELETE /v1/relocation-grants/{id} at version, expecting status. */
static void revoke(long status, const char *id, const char *token, int version)
{
    char path[64], im[32];
    snprintf(path, sizeof(path), "/v1/relocation-grants/%s", id);
    snprintf(im, sizeof(im), "If-Match: \"%d\"", version);
    expect_with(status, "DELETE", path, token, NULL, (const char *const[]){im, NULL});
}

static void branch_location(void **s)
{
    (void)s;
    char id[24], path[64], im[64];
    struct http_res r;
    assert_int_equal(
        jreq("POST", "/v1/branches", tok,
             "{\"name\":\"越秀区驻昆明离退休干部党支部\",\"level\":\"branch\",\"nature\":\"regular\","
             "\"host_type\":\"community\",\"location_code\":\"530102\"}",
             &r),
        201);
    assert_true(json_member(r.body, "id", id, sizeof(id)));
    assert_non_null(strstr(r.body, "\"location_code\":\"530102\""));
    assert_non_null(strstr(r.body, "\"located_elsewhere\":true"));
    http_free(&r);
    expect_field(
        422, "POST", "/v1/branches", tok,
        "{\"name\":\"坏位置\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\","
        "\"location_code\":\"5301\"}",
        "location_code");
    expect_field(
        422, "POST", "/v1/branches", tok,
        "{\"name\":\"坏位置\",\"level\":\"branch\",\"nature\":\"regular\",\"host_type\":\"community\","
        "\"location_code\":\"990102\"}",
        "location_code");
    assert_true(lists("/v1/branches?located=elsewhere&limit=100", tok, id));
    assert_false(lists("/v1/branches?located=here&limit=100", tok, id));
    expect(400, "GET", "/v1/branches?located=far", tok, NULL);
    /* back in the office's own area */
    snprintf(path, sizeof(path), "/v1/branches/%s", id);
    if_match(path, tok, im, sizeof(im));
    expect_with(200, "PATCH", path, tok, "{\"location_code\":\"440104\"}", (const char *const[]){im, NULL});
    cJSON *b = expect_json(200, "GET", path, tok, NULL);
    assert_false(flag(b, "located_elsewhere"));
    cJSON_Delete(b);
    assert_false(lists("/v1/branches?located=elsewhere&limit=100", tok, id));
    assert_true(lists("/v1/branches?located=here&limit=100", tok, id));
    expect(404, "GET", path, tok_other, NULL);
}

/* relocated follows the residence on create, patch and import; the cached lists follow. */
static void relocated_is_derived_and_listed(void **s)
{
    (void)s;
    char id[24], idno[19], csv[512], body[64];
    struct http_res r;
    member("迁居甲", ",\"residence_code\":\"530102\"", id, sizeof(id));
    cJSON *m = get_member(tok, id);
    assert_true(flag(m, "relocated"));
    cJSON_Delete(m);
    assert_true(lists("/v1/members?relocated=true&limit=100", tok, id));
    assert_true(lists("/v1/members?relocated=true&residence=5301&limit=100", tok, id));
    assert_false(lists("/v1/members?relocated=true&residence=4401&limit=100", tok, id));
    assert_false(lists("/v1/members?relocated=false&limit=100", tok, id));
    expect_field(400, "GET", "/v1/members?residence=5", tok, NULL, "residence");
    expect_field(400, "GET", "/v1/members?residence=53010a", tok, NULL, "residence");
    /* moves home: no longer relocated, and the cached list says so at once */
    patch_member(200, id, "{\"residence_code\":\"440104\"}");
    m = get_member(tok, id);
    assert_false(flag(m, "relocated"));
    cJSON_Delete(m);
    assert_false(lists("/v1/members?relocated=true&limit=100", tok, id));
    patch_member(200, id, "{\"residence_code\":\"530102\"}");
    assert_true(lists("/v1/members?relocated=true&limit=100", tok, id));
    patch_member(422, id, "{\"residence_code\":\"5301\"}");
    /* import */
    idno_seq(idno, "530000", "1932", seq++);
    snprintf(csv, sizeof(csv), "name,id_number,category,residence_code\r\n迁居乙,%s,retired,530102\r\n",
             idno);
    assert_int_equal(req("POST", "/v1/members/import", tok, "text/csv", csv, NULL, &r), 200);
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", idno);
    assert_int_equal(jreq("POST", "/v1/members/lookup", tok, body, &r), 200);
    assert_non_null(strstr(r.body, "\"relocated\":true"));
    http_free(&r);
}

/* The member itself (its own id only) and staff set the consent; the day follows. */
static void consent_by_member_and_staff(void **s)
{
    (void)s;
    char id[24], other[24], acc[24], mtok[2048], path[96], today[11];
    member("同意甲", ",\"residence_code\":\"530102\"", id, sizeof(id));
    member("同意乙", ",\"residence_code\":\"530102\"", other, sizeof(other));
    member_account_create(tok, "relocated.member", "同意甲", "relocated-member-1", id, acc, sizeof(acc));
    login("440104", "relocated.member", "relocated-member-1", mtok, sizeof(mtok), NULL, 0);
    cJSON *m = get_member(tok, id); /* cached for staff */
    assert_false(flag(m, "nearby_consent"));
    cJSON_Delete(m);
    /* the member's version, in the app too (API.md: If-Match on PUT) */
    char im[64], stale[64];
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, mtok, stale, sizeof(stale));
    snprintf(path, sizeof(path), "/v1/members/%s/nearby-consent", id);
    expect_problem(428, "PUT", path, mtok, "{\"consent\":true}");
    struct http_res res;
    assert_int_equal(req("PUT", path, mtok, "application/json", "{\"consent\":true}",
                         (const char *const[]){stale, NULL}, &res),
                     200);
    cJSON *j = cJSON_Parse(res.body);
    http_free(&res);
    assert_true(flag(j, "nearby_consent"));
    test_today(today);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "nearby_consent_on")->valuestring, today);
    cJSON_Delete(j);
    m = get_member(tok, id); /* the staff's cached view followed */
    assert_true(flag(m, "nearby_consent"));
    cJSON_Delete(m);
    /* the version read before the change is stale now */
    expect_problem_with(412, "PUT", path, mtok, "{\"consent\":false}", (const char *const[]){stale, NULL});
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, mtok, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/nearby-consent", id);
    expect_with(422, "PUT", path, mtok, "{\"consent\":\"yes\"}", (const char *const[]){im, NULL});
    expect_with(422, "PUT", path, mtok, "{}", (const char *const[]){im, NULL});
    snprintf(path, sizeof(path), "/v1/members/%s/nearby-consent", other);
    expect(404, "PUT", path, mtok, "{\"consent\":true}");          /* another member's */
    expect_with(404, "PUT", path, tok_other, "{\"consent\":true}", /* another office */
                (const char *const[]){"If-Match: \"1\"", NULL});
    /* a member reads, staff patch: the consent through PATCH too */
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    expect(403, "PATCH", path, mtok, "{\"nearby_consent\":false}");
    patch_member(200, id, "{\"nearby_consent\":false}");
    m = get_member(mtok, id);
    assert_false(flag(m, "nearby_consent"));
    cJSON_Delete(m);
}

/* POSTs a grant of 440104 to host (an Idempotency-Key when key != NULL); its id. */
static long grant(const char *host, const char *key, char *id, size_t idlen)
{
    char body[64], hdr[96];
    struct http_res r;
    snprintf(body, sizeof(body), "{\"host_office\":\"%s\"}", host);
    snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key ? key : "none");
    long st = req("POST", "/v1/relocation-grants", tok, "application/json", body,
                  key ? (const char *const[]){hdr, NULL} : NULL, &r);
    if (id != NULL && st == 201) {
        assert_true(json_member(r.body, "id", id, idlen));
    }
    http_free(&r);
    return st;
}

static void grant_rules(void **s)
{
    (void)s;
    char a[24], b[24], path[64];
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{\"host_office\":\"440104\"}", "host_office");
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{\"host_office\":\"440100\"}", "host_office");
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{\"host_office\":\"530102\"}", "host_office");
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{\"host_office\":\"53\"}", "host_office");
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{}", "host_office");
    expect_field(422, "POST", "/v1/relocation-grants", tok, "{\"host_office\":\"532822\",\"x\":1}", "x");
    /* a double submit answers once; another key finds the grant open: 409 */
    assert_int_equal(grant("532822", "reloc-grant-1", a, sizeof(a)), 201);
    assert_int_equal(grant("532822", "reloc-grant-1", b, sizeof(b)), 201);
    assert_string_equal(a, b);
    assert_int_equal(grant("532822", "reloc-grant-2", NULL, 0), 409);
    assert_true(lists("/v1/relocation-grants?limit=100", tok, a));
    assert_false(lists("/v1/relocation-grants?limit=100", tok_other, a));
    snprintf(path, sizeof(path), "/v1/relocation-grants/%s", a);
    revoke(404, a, tok_other, 1);
    revoke(404, a, tok_host, 1);
    /* API.md: If-Match on DELETE (the grant's version) */
    expect_problem(428, "DELETE", path, tok, NULL);
    revoke(412, a, tok, 2);
    struct http_res res;
    assert_int_equal(
        req("DELETE", path, tok, NULL, NULL, (const char *const[]){"If-Match: \"1\"", NULL}, &res), 200);
    cJSON *j = cJSON_Parse(res.body);
    http_free(&res);
    assert_false(flag(j, "active"));
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "version")->valuedouble, 2);
    cJSON_Delete(j);
    expect_problem_with(409, "DELETE", path, tok, NULL, (const char *const[]){"If-Match: \"2\"", NULL});
    revoke(404, "99999999", tok, 1);
}

/* One of several simultaneous grants to the same host without a key. */
static void *grant_race(void *arg)
{
    struct http_res r;
    long *status = arg;
    *status = req("POST", "/v1/relocation-grants", tok, "application/json", "{\"host_office\":\"532800\"}",
                  NULL, &r);
    http_free(&r);
    return NULL;
}

/* Eight posts at once (a double submit without Idempotency-Key): one grant, the others
 * 409 — the unique key on the open grant holds them when the check before the write
 * lets several through. (532800 oversees 532822, not 440104: a host for this office.) */
static void concurrent_grants_make_one(void **s)
{
    (void)s;
    long status[8];
    pthread_t th[8];
    int won = 0;
    for (int i = 0; i < 8; i++) {
        assert_int_equal(pthread_create(&th[i], NULL, grant_race, &status[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        assert_true(status[i] == 201 || status[i] == 409);
        won += status[i] == 201;
    }
    assert_int_equal(won, 1);
    assert_int_equal(test_db_count("SELECT COUNT(*) FROM relocation_grants WHERE office_code = '440104' AND "
                                   "host_office = '532800' AND revoked_at IS NULL",
                                   NULL, 0),
                     1);
}

/* The host's list: nothing before the grant, the consenting member after it, masked;
 * gone on revocation, on withdrawn consent, on a move and on a transfer. */
static void the_host_list(void **s)
{
    (void)s;
    char id[24], quiet[24], gid[24], path[96], hpath[64];
    const char *list = "/v1/hosted-members?from_office=440104&limit=100";
    member("寄居丙丙", ",\"residence_code\":\"530102\",\"phone\":\"13800001111\",\"nearby_consent\":true", id,
           sizeof(id));
    member("寄居丁", ",\"residence_code\":\"530102\"", quiet, sizeof(quiet)); /* no consent */
    snprintf(hpath, sizeof(hpath), "/v1/hosted-members/%s", id);
    assert_false(lists(list, tok_host, id));
    expect(404, "GET", hpath, tok_host, NULL);
    assert_int_equal(grant("530100", "reloc-grant-km", gid, sizeof(gid)), 201);
    assert_true(lists(list, tok_host, id));
    assert_true(lists("/v1/hosted-members?limit=100", tok_host, id));
    assert_false(lists(list, tok_host, quiet));
    assert_false(lists("/v1/hosted-members?from_office=532801&limit=100", tok_host, id));
    expect_field(400, "GET", "/v1/hosted-members?from_office=44", tok_host, NULL, "from_office");
    /* masked: the first character, the birth year, the phone masked; nothing else */
    cJSON *j = expect_json(200, "GET", hpath, tok_host, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "寄***");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "home_office")->valuestring, "440104");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "residence_code")->valuestring, "530102");
    assert_true(cJSON_GetObjectItemCaseSensitive(j, "birth_year")->valuedouble == 1932);
    assert_null(strstr(cJSON_GetObjectItemCaseSensitive(j, "phone")->valuestring, "13800001111"));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "id_number"));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "address"));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "health"));
    cJSON_Delete(j);
    /* the home office, another office: not theirs to read */
    expect(404, "GET", hpath, tok, NULL);
    expect(404, "GET", hpath, tok_other, NULL);
    assert_false(lists("/v1/hosted-members?limit=100", tok_other, id));
    /* revoked: gone; granted again: back */
    revoke(200, gid, tok, 1);
    assert_false(lists(list, tok_host, id));
    expect(404, "GET", hpath, tok_host, NULL);
    assert_int_equal(grant("530100", "reloc-grant-km2", gid, sizeof(gid)), 201);
    assert_true(lists(list, tok_host, id));
    /* consent withdrawn: gone; given again: back */
    consent_put(200, id, tok, "{\"consent\":false}");
    assert_false(lists(list, tok_host, id));
    expect(404, "GET", hpath, tok_host, NULL);
    consent_put(200, id, tok, "{\"consent\":true}");
    assert_true(lists(list, tok_host, id));
    /* moved on to Guangzhou: no longer in Kunming's area */
    patch_member(200, id, "{\"residence_code\":\"440106\"}");
    assert_false(lists(list, tok_host, id));
    patch_member(200, id, "{\"residence_code\":\"530102\"}");
    assert_true(lists(list, tok_host, id));
    /* transferred out: gone */
    char im[64];
    snprintf(path, sizeof(path), "/v1/members/%s", id);
    if_match(path, tok, im, sizeof(im));
    snprintf(path, sizeof(path), "/v1/members/%s/transfer", id);
    expect_with(200, "POST", path, tok, "{\"to\":\"昆明市五华区\"}", (const char *const[]){im, NULL});
    assert_false(lists(list, tok_host, id));
    expect(404, "GET", hpath, tok_host, NULL);
}

/* Revealed with pii:read: the name and phone in full, audited in the host's log and in
 * the home office's trail as a read by the host. */
static void reveal_is_audited_in_both_offices(void **s)
{
    (void)s;
    char id[24], hpath[64], target[48];
    struct http_res r;
    member("寄居戊", ",\"residence_code\":\"530102\",\"phone\":\"13800002222\",\"nearby_consent\":true", id,
           sizeof(id));
    snprintf(hpath, sizeof(hpath), "/v1/hosted-members/%s?reveal=true", id);
    cJSON *j = expect_json(200, "GET", hpath, tok_host, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring, "寄居戊");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "phone")->valuestring, "13800002222");
    cJSON_Delete(j);
    snprintf(target, sizeof(target), "/v1/audit?target=member:%s", id);
    assert_int_equal(jreq("GET", target, tok_host, NULL, &r), 200);
    assert_non_null(strstr(r.body, "member.read_pii_hosted"));
    http_free(&r);
    assert_int_equal(jreq("GET", target, tok, NULL, &r), 200);
    assert_non_null(strstr(r.body, "member.read_by_host"));
    assert_non_null(strstr(r.body, "530100/"));
    http_free(&r);
    /* the list revealed: audited too */
    assert_int_equal(
        jreq("GET", "/v1/hosted-members?from_office=440104&reveal=true&limit=100", tok_host, NULL, &r), 200);
    assert_non_null(strstr(r.body, "13800002222"));
    http_free(&r);
    /* without pii:read: 403 */
    char ctok[2048];
    client_token(tok_host, "reloc-reader", "members:read", ctok, sizeof(ctok), NULL, 0);
    expect(403, "GET", "/v1/hosted-members?reveal=true", ctok, NULL);
}

/* The coverage endpoint's counters for token's office, into with/managed/without. */
static void coverage(const char *token, double *with, double *managed, double *without)
{
    cJSON *j = expect_json(200, "GET", "/v1/branches/coverage", token, NULL);
    *with = cJSON_GetObjectItemCaseSensitive(j, "with_primary_branch")->valuedouble;
    *managed = cJSON_GetObjectItemCaseSensitive(j, "managed_with_unit")->valuedouble;
    *without = cJSON_GetObjectItemCaseSensitive(j, "without_primary_branch")->valuedouble;
    cJSON_Delete(j);
}

/* A figure (group.name) of the total of token's statistics overview. */
static double stat_of(const char *token, const char *group, const char *name)
{
    cJSON *j = expect_json(200, "GET", "/v1/stats/overview", token, NULL);
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), group);
    double v = cJSON_GetObjectItemCaseSensitive(g, name)->valuedouble;
    cJSON_Delete(j);
    return v;
}

/* The same of the home office's own overview. */
static double stat(const char *group, const char *name)
{
    return stat_of(tok, group, name);
}

static void managed_with_rules(void **s)
{
    (void)s;
    char bid[24], id[24], idno[19], body[512], path[96];
    branch_create(tok, "混编规则支部", "regular", "community", bid, sizeof(bid));
    /* with a branch here: 422 on create, 409 on patch */
    idno_seq(idno, "530000", "1932", seq++);
    snprintf(body, sizeof(body),
             "{\"name\":\"混编甲\",\"id_number\":\"%s\",\"category\":\"retired\",\"branch_id\":\"%s\","
             "\"managed_with_unit\":\"越秀区供电局\"}",
             idno, bid);
    expect_field(422, "POST", "/v1/members", tok, body, "managed_with_unit");
    snprintf(body, sizeof(body), ",\"branch_id\":\"%s\"", bid);
    member("混编乙", body, id, sizeof(id));
    patch_member(409, id, "{\"managed_with_unit\":\"越秀区供电局\"}");
    /* a branch name without its unit; in service; too long */
    member("混编丙", "", id, sizeof(id));
    patch_member(422, id, "{\"managed_with_branch\":\"机关第二党支部\"}");
    idno_seq(idno, "530000", "1932", seq++);
    snprintf(body, sizeof(body),
             "{\"name\":\"在职丁\",\"id_number\":\"%s\",\"category\":\"in_service\","
             "\"managed_with_unit\":\"越秀区供电局\"}",
             idno);
    expect_field(422, "POST", "/v1/members", tok, body, "managed_with_unit");
    char longname[400] = "";
    for (int i = 0; i < 101; i++) {
        strcat(longname, "局");
    }
    snprintf(body, sizeof(body), "{\"managed_with_unit\":\"%s\"}", longname);
    patch_member(422, id, body);
    /* Chinese, traditional and emoji accepted */
    patch_member(200, id,
                 "{\"managed_with_unit\":\"越秀區供電局🔌\",\"managed_with_branch\":\"機關第二黨支部\"}");
    cJSON *m = get_member(tok, id);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "managed_with_unit")->valuestring,
                        "越秀區供電局🔌");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "managed_with_branch")->valuestring,
                        "機關第二黨支部");
    cJSON_Delete(m);
    /* import: the columns read, the rule applied per row */
    char a[19], b[19], csv[1024];
    struct http_res r;
    idno_seq(a, "530000", "1932", seq++);
    idno_seq(b, "530000", "1932", seq++);
    snprintf(csv, sizeof(csv),
             "name,id_number,category,branch,managed_with_unit,managed_with_branch\r\n"
             "混编导入甲,%s,retired,,越秀区供电局,机关第二党支部\r\n"
             "混编导入乙,%s,retired,混编规则支部,越秀区供电局,\r\n",
             a, b);
    assert_int_equal(req("POST", "/v1/members/import", tok, "text/csv", csv, NULL, &r), 422);
    assert_non_null(strstr(r.body, "\"field\":\"managed_with_unit\""));
    http_free(&r);
    assert_int_equal(req("POST", "/v1/members/import?partial=true", tok, "text/csv", csv, NULL, &r), 200);
    assert_non_null(strstr(r.body, "\"created\":1"));
    http_free(&r);
    snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", a);
    m = expect_json(200, "POST", "/v1/members/lookup", tok, body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "managed_with_branch")->valuestring,
                        "机关第二党支部");
    cJSON_Delete(m);
    /* a branch here ends 混编 */
    snprintf(path, sizeof(path), "/v1/members/%s/memberships", id);
    snprintf(body, sizeof(body), "{\"branch_id\":\"%s\",\"kind\":\"primary\"}", bid);
    expect(201, "POST", path, tok, body);
    m = get_member(tok, id);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "managed_with_unit")));
    cJSON_Delete(m);
}

/* 混编 members are counted once, as managed with an in-service unit, never as without a
 * branch: in the coverage endpoint and in the statistics; members living elsewhere by
 * place. */
static void managed_with_and_elsewhere_are_counted(void **s)
{
    (void)s;
    char id[24];
    double w0, m0, n0, w1, m1, n1;
    coverage(tok, &w0, &m0, &n0);
    char tok_pref[2048];
    login("440100", "admin", "demo-440100-pass", tok_pref, sizeof(tok_pref), NULL, 0);
    double pref0 = stat_of(tok_pref, "coverage", "managed_with_unit"),
           pref_without0 = stat_of(tok_pref, "coverage", "without_primary_branch");
    double active0 = stat("members", "active"), smanaged0 = stat("coverage", "managed_with_unit"),
           swithout0 = stat("coverage", "without_primary_branch"),
           away0 = stat("members", "living_elsewhere");
    member("混编戊",
           ",\"managed_with_unit\":\"越秀区人民医院\",\"managed_with_branch\":\"医院退休党支部\","
           "\"residence_code\":\"530102\"",
           id, sizeof(id));
    coverage(tok, &w1, &m1, &n1);
    assert_true(w1 == w0 && m1 == m0 + 1 && n1 == n0);
    assert_true(stat("members", "active") == active0 + 1);
    assert_true(stat("coverage", "managed_with_unit") == smanaged0 + 1);
    assert_true(stat("coverage", "without_primary_branch") == swithout0);
    assert_true(stat("members", "living_elsewhere") == away0 + 1);
    /* the prefecture's roll-up follows (its cache invalidated by the county's write) */
    assert_true(stat_of(tok_pref, "coverage", "managed_with_unit") == pref0 + 1);
    assert_true(stat_of(tok_pref, "coverage", "without_primary_branch") == pref_without0);
    cJSON *j = expect_json(200, "GET", "/v1/stats/overview", tok, NULL);
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "total"), "members"),
        "living_elsewhere_by_place");
    assert_true(cJSON_GetObjectItemCaseSensitive(places, "530100")->valuedouble >= 1);
    cJSON_Delete(j);
    /* no longer 混编: without a branch */
    patch_member(200, id, "{\"managed_with_unit\":null,\"managed_with_branch\":null}");
    coverage(tok, &w1, &m1, &n1);
    assert_true(w1 == w0 && m1 == m0 && n1 == n0 + 1);
    assert_true(stat("coverage", "without_primary_branch") == swithout0 + 1);
    /* and back, then moved home */
    patch_member(200, id, "{\"managed_with_unit\":\"越秀区人民医院\",\"residence_code\":\"440104\"}");
    assert_true(stat("coverage", "managed_with_unit") == smanaged0 + 1);
    assert_true(stat("members", "living_elsewhere") == away0);
    /* the export carries the columns */
    struct http_res r;
    assert_int_equal(req("GET", "/v1/members/export", tok, NULL, NULL, NULL, &r), 200);
    assert_non_null(strstr(r.body, "managed_with_unit,managed_with_branch"));
    assert_non_null(strstr(r.body, "越秀区人民医院"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(branch_location),
        cmocka_unit_test(relocated_is_derived_and_listed),
        cmocka_unit_test(consent_by_member_and_staff),
        cmocka_unit_test(grant_rules),
        cmocka_unit_test(concurrent_grants_make_one),
        cmocka_unit_test(the_host_list),
        cmocka_unit_test(reveal_is_audited_in_both_offices),
        cmocka_unit_test(managed_with_rules),
        cmocka_unit_test(managed_with_and_elsewhere_are_counted),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
