/* Study records (三个一) through HTTP: who records for whom, bad input naming the field,
 * credits by the office's rule with study sessions from organisational life, the yearly
 * summary per member and branch, featured reflections in the branch's special issue, and
 * another office's 404. Office 532801 (the demo county) is written here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

static pid_t server;
static char tok_staff[2048], tok_member[2048], tok_sec[2048], tok_other[2048], today[16];

static int setup(void **s)
{
    (void)s;
    test_today(today);
    server = server_start(NULL, api_base, sizeof(api_base), "build/test-logs/study-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_member, sizeof(tok_member), NULL, 0);
    login("532801", "secretary", "demo-532801-sec", tok_sec, sizeof(tok_sec), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    server_stop(server);
    return 0;
}

static cJSON *call(const char *method, const char *path, const char *token, const char *body, long status)
{
    struct http_res r;
    long st = jreq(method, path, token, body, &r);
    if (st != status) {
        fail_msg("%s %s %s: %ld %s (expected %ld)", method, path, body ? body : "", st, r.body, status);
    }
    cJSON *j = cJSON_Parse(r.body);
    http_free(&r);
    return j;
}

static void expect_field(const char *token, const char *body, const char *field)
{
    struct http_res r;
    char want[64];
    long st = jreq("POST", "/v1/study", token, body, &r);
    snprintf(want, sizeof(want), "\"field\":\"%s\"", field);
    if (st != 422 || !strstr(r.body, want)) {
        fail_msg("%s: %ld %s (expected 422 naming %s)", body, st, r.body, field);
    }
    http_free(&r);
}

static const char *s_at(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(x) ? x->valuestring : "";
}

static double n_at(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

/* The member's row of the summary of branch (NULL when it has none and may_lack). */
static cJSON *summary_row_or_null(const char *branch, const char *member, bool may_lack)
{
    char path[96];
    snprintf(path, sizeof(path), "/v1/study/summary?branch=%s", branch);
    cJSON *j = call("GET", path, tok_staff, NULL, 200);
    const cJSON *it = NULL;
    cJSON *row = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "members"))
    {
        if (strcmp(s_at(it, "member_id"), member) == 0) {
            row = cJSON_Duplicate(it, 1);
        }
    }
    cJSON_Delete(j);
    if (!may_lack) {
        assert_non_null(row);
    }
    return row;
}

static cJSON *summary_row(const char *branch, const char *member)
{
    return summary_row_or_null(branch, member, false);
}

/* A count of the row, 0 without a row. */
static double count_of(const cJSON *row, const char *k)
{
    return row ? cJSON_GetObjectItemCaseSensitive(row, k)->valuedouble : 0;
}

static void three_ones_credits_and_special_issue(void **s)
{
    (void)s;
    char body[512], member[24], branch[24], reflection[24], book[24], path[96];
    /* bad input */
    expect_field(tok_member, "{\"kind\":\"poem\",\"title\":\"x\",\"done_on\":\"2026-01-01\"}", "kind");
    expect_field(tok_member, "{\"kind\":\"reflection\",\"title\":\"读后感\",\"done_on\":\"2026-01-01\"}", "body");
    expect_field(tok_member, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2999-01-01\"}", "done_on");
    expect_field(tok_member, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2026-01-01\",\"member_id\":\"1\"}", "member_id");
    expect_field(tok_staff, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2026-01-01\"}", "member_id");
    /* a member's own: a book and a reflection (the demo year may hold some already) */
    snprintf(body, sizeof(body), "{\"kind\":\"book\",\"title\":\"《红岩》\",\"done_on\":\"%s\"}", today);
    cJSON *j = call("POST", "/v1/study", tok_member, body, 201);
    snprintf(member, sizeof(member), "%s", s_at(j, "member_id"));
    snprintf(branch, sizeof(branch), "%s", s_at(j, "branch_id"));
    snprintf(book, sizeof(book), "%s", s_at(j, "id"));
    cJSON_Delete(j);
    cJSON *base = summary_row_or_null(branch, member, true);
    double books0 = count_of(base, "books") - 1, refl0 = count_of(base, "reflections"), deeds0 = count_of(base, "deeds");
    cJSON_Delete(base);
    snprintf(body, sizeof(body),
             "{\"kind\":\"reflection\",\"title\":\"重读《红岩》有感\",\"body\":\"江姐的信念让我想起入党那天 🌹\",\"done_on\":\"%s\"}", today);
    j = call("POST", "/v1/study", tok_member, body, 201);
    snprintf(reflection, sizeof(reflection), "%s", s_at(j, "id"));
    cJSON_Delete(j);
    /* the secretary records a good deed for the member of its branch; staff for anyone */
    snprintf(body, sizeof(body), "{\"kind\":\"deed\",\"title\":\"为社区老人义务理发\",\"done_on\":\"%s\",\"member_id\":\"%s\"}", today,
             member);
    cJSON_Delete(call("POST", "/v1/study", tok_sec, body, 201));
    /* the member sees its own only */
    j = call("GET", "/v1/study", tok_member, NULL, 200);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_equal(s_at(it, "member_id"), member);
    }
    cJSON_Delete(j);
    /* credits: default rule, with sessions from the demo year's lectures */
    cJSON *row = summary_row(branch, member);
    double books = n_at(row, "books"), refl = n_at(row, "reflections"), deeds = n_at(row, "deeds");
    assert_true(books == books0 + 1);
    assert_true(refl == refl0 + 1);
    assert_true(deeds == deeds0 + 1);
    double sessions = n_at(row, "sessions");
    assert_true(n_at(row, "credits") == books * 1 + refl * 2 + deeds * 1 + sessions * 1);
    cJSON_Delete(row);
    /* the office's own rule */
    cJSON_Delete(call("PUT", "/v1/study/rules", tok_member, "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":0}", 403));
    cJSON_Delete(call("PUT", "/v1/study/rules", tok_staff, "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":21}", 422));
    cJSON_Delete(call("PUT", "/v1/study/rules", tok_staff, "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":0}", 200));
    row = summary_row(branch, member);
    assert_true(n_at(row, "credits") == books * 2 + refl * 3 + deeds * 1);
    cJSON_Delete(row);
    /* the special issue */
    snprintf(path, sizeof(path), "/v1/study/%s/feature", reflection);
    cJSON_Delete(call("POST", path, tok_member, "{\"featured\":true}", 403));
    cJSON_Delete(call("POST", path, tok_sec, "{\"featured\":true}", 200));
    snprintf(path, sizeof(path), "/v1/study/%s/feature", book);
    cJSON_Delete(call("POST", path, tok_sec, "{\"featured\":true}", 409)); /* only reflections */
    snprintf(path, sizeof(path), "/v1/branches/%s/special-issue", branch);
    j = call("GET", path, tok_member, NULL, 200);
    bool found = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        found = found || strcmp(s_at(it, "title"), "重读《红岩》有感") == 0;
    }
    assert_true(found);
    cJSON_Delete(j);
    /* another office */
    cJSON_Delete(call("GET", path, tok_other, NULL, 404));
    snprintf(path, sizeof(path), "/v1/study/%s/feature", reflection);
    cJSON_Delete(call("POST", path, tok_other, "{\"featured\":false}", 404));
    j = call("GET", "/v1/study", tok_other, NULL, 200);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_not_equal(s_at(it, "member_id"), member);
    }
    cJSON_Delete(j);
    snprintf(body, sizeof(body), "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"%s\",\"member_id\":\"%s\"}", today, member);
    expect_field(tok_other, body, "member_id");
    cJSON_Delete(call("PUT", "/v1/study/rules", tok_staff, "{\"book\":1,\"reflection\":2,\"deed\":1,\"session\":1}", 200));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(three_ones_credits_and_special_issue)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
