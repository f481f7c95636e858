/* The 自行脱党 early warning (党章 art. 9) through HTTP: who is listed (3 or more months
 * up to this month without organisational life or dues, counted from joining), the
 * cached list invalidated by attendance, dues and reason writes, the proper reason that
 * excuses, paging, another office's 404s, and the member.lapse_warning event at 5
 * months, once. Office 440000 is written here (a branch of its own); 532822 is the
 * other office. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/lapse.h"

static char tok[2048], tok_other[2048];
static char br[24], br2[24];
static char absent[24], regular[24], two[24], three[24], worker[24], quiet[24], ill[24];
static char cur[8], today[11];
static int idseq = 700;

/* The month n months before this one, as "YYYY-MM". */
static void month_back(int n, char out[8])
{
    lapse_month_text(lapse_month_index(cur) - n, out);
}

static void member_in(const char *branch, const char *name, const char *category, const char *joined,
                      char *id, size_t idlen)
{
    char idno[19], extra[128];
    idno_seq(idno, "440000", "1943", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"%s\",\"branch_id\":\"%s\"", joined, branch);
    member_create(tok, name, idno, category, extra, id, idlen);
}

static int setup(void **s)
{
    (void)s;
    /* few worker threads: each connects to Redis on its first request, which is a miss */
    const char *env[] = {"YH_WEBHOOK_ALLOW_PRIVATE=1", "YH_WEBHOOK_POLL_MS=50", "YH_THREADS=4", NULL};
    char joined[11], m[8];
    api_start(env, "build/test-logs/lapse-server.log");
    login("440000", "admin", "demo-440000-pass", tok, sizeof(tok), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    test_today(today);
    snprintf(cur, sizeof(cur), "%.7s", today);
    branch_create(tok, "预警测试支部", "regular", "community", br, sizeof(br));
    branch_create(tok, "预警事件支部", "regular", "community", br2, sizeof(br2));
    member_in(br, "久未参加", "retired", "1970-07-01", absent, sizeof(absent));
    member_in(br, "按月参加", "retired", "1970-07-01", regular, sizeof(regular));
    /* joined last month: two months, below the warning; two months ago: three, listed */
    month_back(1, m);
    snprintf(joined, sizeof(joined), "%s-15", m);
    member_in(br, "新党员二", "retired", joined, two, sizeof(two));
    month_back(2, m);
    snprintf(joined, sizeof(joined), "%s-01", m);
    member_in(br, "新党员三", "retired", joined, three, sizeof(three));
    /* in service: pays dues at work, so only organisational life counts */
    member_in(br, "在职党员", "in_service", "1990-07-01", worker, sizeof(worker));
    member_in(br2, "事件党员", "retired", "1970-07-01", quiet, sizeof(quiet));
    member_in(br2, "病休党员", "retired", "1970-07-01", ill, sizeof(ill));
    return 0;
}

/* The list of branch b (extra query appended), parsed; caller frees. */
static cJSON *warnings(const char *b, const char *extra)
{
    char path[256];
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s%s", b, extra ? extra : "");
    return expect_json(200, "GET", path, tok, NULL);
}

/* The item of member id in list j, or NULL. */
static const cJSON *item_of(const cJSON *j, const char *id)
{
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "member_id")->valuestring, id) == 0) {
            return it;
        }
    }
    return NULL;
}

static int run_months(const cJSON *it, const char *kind)
{
    const cJSON *run = cJSON_GetObjectItemCaseSensitive(it, kind);
    return cJSON_IsObject(run) ? (int)cJSON_GetObjectItemCaseSensitive(run, "months")->valuedouble : 0;
}

/* An activity of branch b held a minute ago (it took place), with id present. */
static void attend(const char *b, const char *id)
{
    char path[96], body[256], held[26], act[24];
    test_cn_at(-60, held);
    snprintf(path, sizeof(path), "/v1/branches/%s/activities", b);
    snprintf(body, sizeof(body),
             "{\"kind\":\"theme_day\",\"title\":\"主题党日\",\"held_at\":\"%s\",\"place\":\"活动室\"}", held);
    post_created(path, tok, body, act, sizeof(act));
    snprintf(path, sizeof(path), "/v1/activities/%s/attendance", act);
    snprintf(body, sizeof(body), "{\"items\":[{\"member_id\":\"%s\",\"status\":\"present\"}]}", id);
    expect(200, "PUT", path, tok, body);
}

static void pay(const char *id, const char *month)
{
    char body[256];
    snprintf(body, sizeof(body),
             "{\"items\":[{\"member_id\":\"%s\",\"month\":\"%s\",\"amount_fen\":1500,\"paid_on\":\"%s\","
             "\"channel\":\"cash\"}]}",
             id, month, today);
    expect(201, "POST", "/v1/dues", tok, body);
}

static void who_is_listed(void **s)
{
    (void)s;
    char m[8];
    attend(br, regular);
    pay(regular, cur);
    cJSON *j = warnings(br, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "month")->valuestring, cur);
    const cJSON *a = item_of(j, absent);
    assert_non_null(a);
    assert_true(run_months(a, "org_life") >= 6);
    assert_true(run_months(a, "dues") >= 6);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(a, "level")->valuestring, "article_9");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "excused")));
    assert_null(item_of(j, regular));
    assert_null(item_of(j, two)); /* two months: not yet */
    const cJSON *t = item_of(j, three);
    assert_non_null(t);
    assert_int_equal(run_months(t, "org_life"), 3);
    assert_int_equal(run_months(t, "dues"), 3);
    month_back(2, m);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(t, "org_life"), "since")
            ->valuestring,
        m);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(t, "level")->valuestring, "warning");
    const cJSON *w = item_of(j, worker);
    assert_non_null(w);
    assert_true(run_months(w, "org_life") >= 6);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w, "dues")));
    cJSON_Delete(j);
    /* by kind: the dues list leaves the in-service member out */
    j = warnings(br, "&kind=dues");
    assert_non_null(item_of(j, absent));
    assert_null(item_of(j, worker));
    cJSON_Delete(j);
}

/* A member exempt from dues by the branch's decision (reduced to 0 for hardship, 中组发
 * 〔2008〕3号) pays nothing: months without dues are no lapse, organisational life still is. */
static void an_exempt_member_has_no_dues_run(void **s)
{
    (void)s;
    char id[24], path[96], body[384];
    member_in(br, "免交党员", "retired", "1970-07-01", id, sizeof(id));
    cJSON *j = warnings(br, "&kind=dues");
    assert_non_null(item_of(j, id));
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s", id);
    snprintf(body, sizeof(body), "{\"year\":%.4s,\"base_fen\":180000}", today);
    expect(200, "PUT", path, tok, body);
    snprintf(path, sizeof(path), "/v1/dues/bases/%s/reduction", id);
    snprintf(body, sizeof(body),
             "{\"year\":%.4s,\"reduced_fen\":0,\"reason\":\"低保户，免交\",\"decided_on\":\"%s\","
             "\"approval_ref\":\"县委老干部局党委〔%.4s〕7号\"}",
             today, today, today);
    expect(200, "PUT", path, tok, body);
    j = warnings(br, "&kind=dues");
    assert_null(item_of(j, id));
    cJSON_Delete(j);
    j = warnings(br, NULL);
    const cJSON *it = item_of(j, id);
    assert_non_null(it);
    assert_true(run_months(it, "org_life") >= 6);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it, "dues")));
    cJSON_Delete(j);
}

/* The service's cache hits so far (/metrics; behind nginx, its processes' sum). */
static long cache_hits(void)
{
    return (long)api_metric("yinhui_cache_hits_total");
}

/* The list of br until one read is a cache hit (every worker thread connected), parsed. */
static cJSON *warnings_cached(void)
{
    for (int i = 0; i < 40; i++) {
        long hits = cache_hits();
        cJSON *j = warnings(br, NULL);
        if (cache_hits() > hits) {
            return j;
        }
        cJSON_Delete(j);
    }
    fail_msg("the list was never served from the cache");
    return NULL;
}

/* The list is cached; attendance, then dues change it at once: after each write, every
 * read (the threads that served the old page from the cache included) shows the new one. */
static void writes_invalidate_the_cached_list(void **s)
{
    (void)s;
    cJSON *j = warnings_cached();
    assert_int_equal(run_months(item_of(j, three), "org_life"), 3);
    cJSON_Delete(j);
    attend(br, three);
    long hits = cache_hits();
    for (int i = 0; i < 8; i++) {
        j = warnings(br, NULL);
        const cJSON *t = item_of(j, three);
        assert_non_null(t); /* still behind with dues */
        assert_int_equal(run_months(t, "org_life"), 0);
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t, "org_life")));
        assert_int_equal(run_months(t, "dues"), 3);
        cJSON_Delete(j);
    }
    assert_true(cache_hits() > hits); /* the new page is cached in turn */
    /* paying last month leaves one month: off the list */
    char m[8];
    month_back(1, m);
    pay(three, m);
    for (int i = 0; i < 8; i++) {
        j = warnings(br, NULL);
        assert_null(item_of(j, three));
        cJSON_Delete(j);
    }
}

static void a_proper_reason_excuses(void **s)
{
    (void)s;
    char path[96], body[256], m[8];
    snprintf(path, sizeof(path), "/v1/members/%s/lapse-reason", absent);
    expect(404, "GET", path, tok, NULL); /* none yet */
    cJSON *j = warnings_cached();
    assert_non_null(item_of(j, absent));
    cJSON_Delete(j);
    /* bad bodies name the field */
    expect_field(422, "PUT", path, tok, "{\"kind\":\"travel\",\"since\":\"2026-01\"}", "kind");
    expect_field(422, "PUT", path, tok, "{\"kind\":\"other\",\"since\":\"2026-01\"}", "note");
    expect_field(422, "PUT", path, tok, "{\"kind\":\"illness\",\"since\":\"2026-13\"}", "since");
    expect_field(422, "PUT", path, tok, "{\"kind\":\"illness\",\"since\":\"2026-05\",\"until\":\"2026-04\"}",
                 "until");
    lapse_month_text(lapse_month_index(cur) + 1, m);
    snprintf(body, sizeof(body), "{\"kind\":\"illness\",\"since\":\"%s\"}", m);
    expect_field(422, "PUT", path, tok, body, "since"); /* not after this month */
    expect_field(422, "PUT", path, tok, "{\"kind\":\"illness\",\"since\":\"2026-01\",\"by\":\"x\"}", "by");
    /* the longest note, 500 Chinese characters, is sealed and stored whole; 501 is too long */
    static char longb[2200];
    int used = snprintf(longb, sizeof(longb), "{\"kind\":\"illness\",\"since\":\"%s\",\"note\":\"", cur);
    for (int i = 0; i < 500; i++) {
        used += snprintf(longb + used, sizeof(longb) - (size_t)used, "病");
    }
    snprintf(longb + used, sizeof(longb) - (size_t)used, "\"}");
    expect(200, "PUT", path, tok, longb);
    snprintf(longb + used, sizeof(longb) - (size_t)used, "病\"}");
    expect_field(422, "PUT", path, tok, longb, "note");
    /* another office: 404, nothing recorded */
    month_back(4, m);
    snprintf(body, sizeof(body), "{\"kind\":\"illness\",\"note\":\"脑梗住院\",\"since\":\"%s\"}", m);
    expect(404, "PUT", path, tok_other, body);
    expect(404, "GET", path, tok_other, NULL);
    cJSON *r = expect_json(200, "PUT", path, tok, body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "kind")->valuestring, "illness");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "has_note")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r, "note")));
    assert_true(strlen(cJSON_GetObjectItemCaseSensitive(r, "recorded_by")->valuestring) > 0);
    cJSON_Delete(r);
    char rpath[128];
    snprintf(rpath, sizeof(rpath), "%s?reveal=true", path);
    r = expect_json(200, "GET", rpath, tok, NULL);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "note")->valuestring, "脑梗住院");
    cJSON_Delete(r);
    /* excused (the reason write invalidated the cached list): off the list, on it
     * (annotated) with include_excused */
    for (int i = 0; i < 8; i++) {
        j = warnings(br, NULL);
        assert_null(item_of(j, absent));
        cJSON_Delete(j);
    }
    j = warnings(br, "&include_excused=true");
    const cJSON *a = item_of(j, absent);
    assert_non_null(a);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "excused")));
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(a, "reason");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(reason, "kind")->valuestring, "illness");
    char *shown = cJSON_PrintUnformatted(reason);
    assert_null(strstr(shown, "脑梗")); /* the note stays sealed */
    free(shown);
    cJSON_Delete(j);
    /* only months without proper reason count (党章 art. 9): a reason that ended last month
     * leaves a run of one month, this one — off the list, and excused with include_excused */
    month_back(1, m);
    char m4[8], m7[8];
    month_back(4, m4);
    month_back(7, m7);
    snprintf(body, sizeof(body), "{\"kind\":\"homebound_care\",\"since\":\"%s\",\"until\":\"%s\"}", m4, m);
    expect(200, "PUT", path, tok, body);
    j = warnings(br, NULL);
    assert_null(item_of(j, absent));
    cJSON_Delete(j);
    j = warnings(br, "&include_excused=true");
    a = item_of(j, absent);
    assert_non_null(a);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "excused")));
    assert_int_equal(run_months(a, "org_life"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "level"))); /* below the warning */
    cJSON_Delete(j);
    /* one that ended four months ago: the run restarts after it, four months to this one */
    snprintf(body, sizeof(body), "{\"kind\":\"homebound_care\",\"since\":\"%s\",\"until\":\"%s\"}", m7, m4);
    expect(200, "PUT", path, tok, body);
    j = warnings(br, NULL);
    a = item_of(j, absent);
    assert_non_null(a);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "excused")));
    assert_int_equal(run_months(a, "org_life"), 4);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(a, "reason"), "kind")->valuestring,
        "homebound_care");
    cJSON_Delete(j);
}

static void paging_and_filters(void **s)
{
    (void)s;
    struct http_res r;
    char path[512], cursor[400], first[24];
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s&limit=1", br);
    assert_int_equal(jreq("GET", path, tok, NULL, &r), 200);
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "items")), 1);
    snprintf(first, sizeof(first), "%s",
             cJSON_GetObjectItemCaseSensitive(
                 cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0), "member_id")
                 ->valuestring);
    snprintf(cursor, sizeof(cursor), "%s", cJSON_GetObjectItemCaseSensitive(j, "next_cursor")->valuestring);
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s&limit=1&cursor=%s", br, cursor);
    if (jreq("GET", path, tok, NULL, &r) != 200) {
        fail_msg("%s: %s", path, r.body);
    }
    j = cJSON_Parse(r.body);
    http_free(&r);
    const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
    assert_non_null(second);
    assert_true(atoll(cJSON_GetObjectItemCaseSensitive(second, "member_id")->valuestring) > atoll(first));
    cJSON_Delete(j);
    expect_field(400, "GET", "/v1/org-life/lapse-warnings?kind=visits", tok, NULL, "kind");
    expect_field(400, "GET", "/v1/org-life/lapse-warnings?include_excused=yes", tok, NULL, "include_excused");
    expect_field(400, "GET", "/v1/org-life/lapse-warnings?limit=1000", tok, NULL, "limit");
    expect_field(400, "GET", "/v1/org-life/lapse-warnings?cursor=abc", tok, NULL, "cursor");
    /* another office's token: the branch is not found, and its own list does not hold ours */
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s", br);
    expect(404, "GET", path, tok_other, NULL);
    j = expect_json(200, "GET", "/v1/org-life/lapse-warnings?limit=100", tok_other, NULL);
    assert_null(item_of(j, absent));
    cJSON_Delete(j);
}

/* Whether member id is on the whole list that token reads (every page). */
static bool listed_for(const char *token, const char *id)
{
    char path[512], cursor[400] = "";
    bool found = false;
    for (int page = 0; page < 50 && !found; page++) {
        snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?limit=100%s%s", cursor[0] ? "&cursor=" : "",
                 cursor);
        cJSON *j = expect_json(200, "GET", path, token, NULL);
        found = item_of(j, id) != NULL;
        const cJSON *next = cJSON_GetObjectItemCaseSensitive(j, "next_cursor");
        bool more = cJSON_IsString(next);
        if (more) {
            snprintf(cursor, sizeof(cursor), "%s", next->valuestring);
        }
        cJSON_Delete(j);
        if (!more) {
            break;
        }
    }
    return found;
}

/* A province reads the offices under it, a district only its own: a member of 440104
 * is on the province's (440000) list, and 440000's own member is not on 440104's. */
static void a_province_reads_the_offices_under_it(void **s)
{
    (void)s;
    char tok_d[2048], b[24], idno[19], extra[128], mid[24];
    login("440104", "admin", "demo-440104-pass", tok_d, sizeof(tok_d), NULL, 0);
    branch_create(tok_d, "越秀预警支部", "regular", "community", b, sizeof(b));
    idno_seq(idno, "440104", "1944", (unsigned)idseq++);
    snprintf(extra, sizeof(extra), ",\"joined_on\":\"1970-07-01\",\"branch_id\":\"%s\"", b);
    member_create(tok_d, "区里党员", idno, "retired", extra, mid, sizeof(mid));
    /* names stay in their office (SECURITY.md: oversight reads figures): the district lists
     * its member, the province its own members and only a count for the district */
    assert_true(listed_for(tok_d, mid));
    assert_false(listed_for(tok, mid));
    assert_false(listed_for(tok_d, quiet));
    assert_true(listed_for(tok, quiet));
    cJSON *j = expect_json(200, "GET", "/v1/org-life/lapse-warnings", tok, NULL);
    const cJSON *o = NULL, *district = NULL;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(j, "offices"))
    {
        assert_string_not_equal(cJSON_GetObjectItemCaseSensitive(o, "office_code")->valuestring, "440000");
        if (strcmp(cJSON_GetObjectItemCaseSensitive(o, "office_code")->valuestring, "440104") == 0) {
            district = o;
        }
    }
    assert_non_null(district);
    assert_true(cJSON_GetObjectItemCaseSensitive(district, "members")->valuedouble >= 1);
    cJSON_Delete(j);
    j = expect_json(200, "GET", "/v1/org-life/lapse-warnings", tok_d, NULL);
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "offices")); /* a district has none under it */
    cJSON_Delete(j);
    char path[96];
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s", b);
    expect(404, "GET", path, tok, NULL); /* nor may the province filter by the district's branch */
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s", br);
    expect(404, "GET", path, tok_d, NULL);
}

/* In the demo county: a secretary sees only its branch (another one: 404), a member's
 * token gets 403, and neither may record a reason outside its reach. */
static void secretaries_their_branch_members_nothing(void **s)
{
    (void)s;
    char sec[2048], mem[2048], path[128];
    login("532801", "secretary", "demo-532801-sec", sec, sizeof(sec), NULL, 0);
    login("532801", "member", "demo-532801-member", mem, sizeof(mem), NULL, 0);
    cJSON *j = expect_json(200, "GET", "/v1/org-life/lapse-warnings?limit=100", sec, NULL);
    const cJSON *it = NULL, *items = cJSON_GetObjectItemCaseSensitive(j, "items");
    const char *b = NULL;
    cJSON_ArrayForEach(it, items)
    {
        const char *ib = cJSON_GetObjectItemCaseSensitive(it, "branch_id")->valuestring;
        assert_true(b == NULL || strcmp(b, ib) == 0);
        b = ib;
    }
    cJSON_Delete(j);
    snprintf(path, sizeof(path), "/v1/org-life/lapse-warnings?branch=%s", br);
    expect(404, "GET", path, sec, NULL);
    expect(403, "GET", "/v1/org-life/lapse-warnings", mem, NULL);
    snprintf(path, sizeof(path), "/v1/members/%s/lapse-reason", absent);
    expect(404, "PUT", path, sec, "{\"kind\":\"illness\",\"since\":\"2026-01\"}");
    expect(403, "PUT", path, mem, "{\"kind\":\"illness\",\"since\":\"2026-01\"}");
}

/* member.lapse_warning: the daily pass sends one event per kind for the member five
 * months and more behind, none for the excused one, and never again for the same run. */
static void event_at_five_months_once(void **s)
{
    (void)s;
    char path[96], body[256], m[8], needle[64];
    month_back(8, m);
    snprintf(path, sizeof(path), "/v1/members/%s/lapse-reason", ill);
    snprintf(body, sizeof(body), "{\"kind\":\"illness\",\"since\":\"%s\"}", m);
    expect(200, "PUT", path, tok, body);
    expect(201, "POST", "/v1/webhooks", tok,
           "{\"url\":\"http://127.0.0.1:9/lapse\",\"events\":[\"member.lapse_warning\"]}");
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", quiet);
    long n = 0;
    for (int waited = 0; waited < 8000 && n < 2; waited += 100) {
        n = outbox_count("member.lapse_warning", needle);
        usleep(100000);
    }
    assert_int_equal(n, 2); /* organisational life and dues */
    /* the in-service member: organisational life only */
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", worker);
    assert_int_equal(outbox_count("member.lapse_warning", needle), 1);
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", ill);
    assert_int_equal(outbox_count("member.lapse_warning", needle), 0);
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", three);
    assert_int_equal(outbox_count("member.lapse_warning", needle), 0);
    /* no name in the payload */
    assert_int_equal(outbox_count("member.lapse_warning", "事件党员"), 0);
    /* once: a later pass (another day's, here the marker removed) sends nothing new */
    struct db *db = test_db();
    assert_int_equal(db_exec(db, "DELETE FROM outbox_daily WHERE kind = 'member.lapse_warning'", NULL, 0,
                             NULL, NULL, NULL),
                     YH_OK);
    db_close(db);
    usleep(2000000);
    snprintf(needle, sizeof(needle), "\"member_id\":\"%s\"", quiet);
    assert_int_equal(outbox_count("member.lapse_warning", needle), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(who_is_listed),
        cmocka_unit_test(an_exempt_member_has_no_dues_run),
        cmocka_unit_test(writes_invalidate_the_cached_list),
        cmocka_unit_test(a_proper_reason_excuses),
        cmocka_unit_test(paging_and_filters),
        cmocka_unit_test(secretaries_their_branch_members_nothing),
        cmocka_unit_test(a_province_reads_the_offices_under_it),
        cmocka_unit_test(event_at_five_months_once),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
