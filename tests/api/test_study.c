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

static char tok_staff[2048], tok_member[2048], tok_sec[2048], tok_other[2048], today[16];

static int setup(void **s)
{
    (void)s;
    test_today(today);
    api_start(NULL, "build/test-logs/study-server.log");
    login("532801", "admin", "demo-532801-pass", tok_staff, sizeof(tok_staff), NULL, 0);
    login("532801", "member", "demo-532801-member", tok_member, sizeof(tok_member), NULL, 0);
    login("532801", "secretary", "demo-532801-sec", tok_sec, sizeof(tok_sec), NULL, 0);
    login("532822", "admin", "demo-532822-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

/* A study record as token that must be refused with 422 naming field. */
static void refused(const char *token, const char *body, const char *field)
{
    expect_field(422, "POST", "/v1/study", token, body, field);
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
    cJSON *j = expect_json(200, "GET", path, tok_staff, NULL);
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

/* The fixture of one test: a book the member records for itself today, which names the
 * member and its branch. */
static char member[24], branch[24], book[24];

static int book_recorded(void **s)
{
    (void)s;
    char body[256];
    snprintf(body, sizeof(body), "{\"kind\":\"book\",\"title\":\"《红岩》\",\"done_on\":\"%s\"}", today);
    cJSON *j = expect_json(201, "POST", "/v1/study", tok_member, body);
    snprintf(member, sizeof(member), "%s", s_at(j, "member_id"));
    snprintf(branch, sizeof(branch), "%s", s_at(j, "branch_id"));
    snprintf(book, sizeof(book), "%s", s_at(j, "id"));
    cJSON_Delete(j);
    return 0;
}

/* The member's reflection of today (Chinese and emoji); its id. */
static void reflect(char *id, size_t n)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"kind\":\"reflection\",\"title\":\"重读《红岩》有感\",\"body\":\"江姐的信念让我想起入党那天 "
             "🌹\",\"done_on\":\"%s\"}",
             today);
    cJSON *j = expect_json(201, "POST", "/v1/study", tok_member, body);
    snprintf(id, n, "%s", s_at(j, "id"));
    cJSON_Delete(j);
}

static void bad_input_names_the_field(void **s)
{
    (void)s;
    refused(tok_member, "{\"kind\":\"poem\",\"title\":\"x\",\"done_on\":\"2026-01-01\"}", "kind");
    refused(tok_member, "{\"kind\":\"reflection\",\"title\":\"读后感\",\"done_on\":\"2026-01-01\"}", "body");
    refused(tok_member, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2999-01-01\"}", "done_on");
    refused(tok_member, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2026-01-01\",\"member_id\":\"1\"}",
            "member_id");
    refused(tok_staff, "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"2026-01-01\"}", "member_id");
}

/* The secretary records a good deed for the member of its branch; the member sees its own
 * records only. */
static void member_sees_its_own(void **s)
{
    (void)s;
    char body[256];
    snprintf(body, sizeof(body),
             "{\"kind\":\"deed\",\"title\":\"为社区老人义务理发\",\"done_on\":\"%s\",\"member_id\":\"%s\"}",
             today, member);
    expect(201, "POST", "/v1/study", tok_sec, body);
    cJSON *j = expect_json(200, "GET", "/v1/study", tok_member, NULL);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_equal(s_at(it, "member_id"), member);
    }
    cJSON_Delete(j);
}

/* Credits by the default rule (with the sessions of the demo year's lectures), then by
 * the office's own rule. */
static void credits_follow_the_rule(void **s)
{
    (void)s;
    char body[256], reflection[24];
    /* the demo year may hold some already */
    cJSON *base = summary_row_or_null(branch, member, true);
    double books0 = count_of(base, "books") - 1, refl0 = count_of(base, "reflections"),
           deeds0 = count_of(base, "deeds");
    cJSON_Delete(base);
    reflect(reflection, sizeof(reflection));
    snprintf(body, sizeof(body),
             "{\"kind\":\"deed\",\"title\":\"为社区老人义务理发\",\"done_on\":\"%s\",\"member_id\":\"%s\"}",
             today, member);
    expect(201, "POST", "/v1/study", tok_sec, body);
    cJSON *row = summary_row(branch, member);
    double books = n_at(row, "books"), refl = n_at(row, "reflections"), deeds = n_at(row, "deeds");
    assert_true(books == books0 + 1);
    assert_true(refl == refl0 + 1);
    assert_true(deeds == deeds0 + 1);
    double sessions = n_at(row, "sessions");
    assert_true(n_at(row, "credits") == books * 1 + refl * 2 + deeds * 1 + sessions * 1);
    cJSON_Delete(row);
    expect(403, "PUT", "/v1/study/rules", tok_member,
           "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":0}");
    expect(422, "PUT", "/v1/study/rules", tok_staff,
           "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":21}");
    expect(200, "PUT", "/v1/study/rules", tok_staff,
           "{\"book\":2,\"reflection\":3,\"deed\":1,\"session\":0}");
    row = summary_row(branch, member);
    assert_true(n_at(row, "credits") == books * 2 + refl * 3 + deeds * 1);
    cJSON_Delete(row);
}

/* The office's rule back to the default, whatever credits_follow_the_rule reached. */
static int default_rule(void **s)
{
    (void)s;
    expect(200, "PUT", "/v1/study/rules", tok_staff,
           "{\"book\":1,\"reflection\":2,\"deed\":1,\"session\":1}");
    return 0;
}

/* The secretary features reflections (not books) in the branch's special issue. */
static void special_issue_features_reflections(void **s)
{
    (void)s;
    char reflection[24], path[96];
    reflect(reflection, sizeof(reflection));
    snprintf(path, sizeof(path), "/v1/study/%s/feature", reflection);
    expect(403, "POST", path, tok_member, "{\"featured\":true}");
    expect(200, "POST", path, tok_sec, "{\"featured\":true}");
    snprintf(path, sizeof(path), "/v1/study/%s/feature", book);
    expect(409, "POST", path, tok_sec, "{\"featured\":true}"); /* only reflections */
    snprintf(path, sizeof(path), "/v1/branches/%s/special-issue", branch);
    cJSON *j = expect_json(200, "GET", path, tok_member, NULL);
    const cJSON *it = NULL;
    bool found = false;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        found = found || strcmp(s_at(it, "title"), "重读《红岩》有感") == 0;
    }
    assert_true(found);
    cJSON_Delete(j);
}

static void another_office_gets_404(void **s)
{
    (void)s;
    char reflection[24], path[96], body[256];
    reflect(reflection, sizeof(reflection));
    snprintf(path, sizeof(path), "/v1/branches/%s/special-issue", branch);
    expect(404, "GET", path, tok_other, NULL);
    snprintf(path, sizeof(path), "/v1/study/%s/feature", reflection);
    expect(404, "POST", path, tok_other, "{\"featured\":false}");
    cJSON *j = expect_json(200, "GET", "/v1/study", tok_other, NULL);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_string_not_equal(s_at(it, "member_id"), member);
    }
    cJSON_Delete(j);
    snprintf(body, sizeof(body),
             "{\"kind\":\"book\",\"title\":\"x\",\"done_on\":\"%s\",\"member_id\":\"%s\"}", today, member);
    refused(tok_other, body, "member_id");
}

/* The ids of the items of GET path as token, in order, appended to ids from *k (at most
 * max), and the next cursor (or "") into cursor. */
static void page_ids(const char *path, const char *token, char ids[][24], size_t *k, size_t max, char *cursor,
                     size_t n)
{
    cJSON *j = expect_json(200, "GET", path, token, NULL);
    const cJSON *it = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
    {
        assert_true(*k < max);
        snprintf(ids[(*k)++], 24, "%s", s_at(it, "id"));
    }
    snprintf(cursor, n, "%s", s_at(j, "next_cursor"));
    cJSON_Delete(j);
}

/* Up to pages pages of limit through GET path as token, cursor after cursor, give what
 * one page of limit * pages (at most 100) gives, in the same order; their ids into ids,
 * their count into *k. */
static void pages_as_one(const char *path, const char *token, int limit, int pages, char ids[][24], size_t *k)
{
    char url[700], cursor[512] = "", whole[100][24];
    size_t n = 0;
    snprintf(url, sizeof(url), "%s?limit=%d", path, limit * pages);
    page_ids(url, token, whole, &n, 100, cursor, sizeof(cursor));
    *k = 0;
    cursor[0] = '\0';
    for (int p = 0; p < pages && (p == 0 || cursor[0] != '\0'); p++) {
        snprintf(url, sizeof(url), "%s?limit=%d%s%s", path, limit, cursor[0] ? "&cursor=" : "", cursor);
        page_ids(url, token, ids, k, 100, cursor, sizeof(cursor));
    }
    assert_int_equal(*k, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(ids[i], whole[i]);
    }
}

/* Newest first by the day done, then the latest entered, page by page through the cursor:
 * a book of 1 January entered after the fixture's of today comes after the member's
 * records of later days (first when today is 1 January: the same day, the later entered
 * first), and pages neither repeat nor skip a record, the member's and the office's. */
static void pages_follow_the_day_done(void **s)
{
    (void)s;
    char body[256], jan1[16], ids[100][24], late[24];
    size_t n = 0;
    snprintf(jan1, sizeof(jan1), "%.4s-01-01", today);
    snprintf(body, sizeof(body), "{\"kind\":\"book\",\"title\":\"《论持久战》\",\"done_on\":\"%s\"}", jan1);
    cJSON *j = expect_json(201, "POST", "/v1/study", tok_member, body);
    snprintf(late, sizeof(late), "%s", s_at(j, "id"));
    cJSON_Delete(j);
    pages_as_one("/v1/study", tok_member, 2, 50, ids, &n);
    size_t at_book = n, at_late = n;
    for (size_t i = 0; i < n; i++) {
        at_book = strcmp(ids[i], book) == 0 ? i : at_book;
        at_late = strcmp(ids[i], late) == 0 ? i : at_late;
    }
    if (strcmp(today, jan1) == 0) {
        assert_int_equal(at_late, 0);
        assert_int_equal(at_book, 1);
    } else { /* late after every record of today (or past the 100 read) */
        assert_int_equal(at_book, 0);
        assert_true(at_late > at_book);
    }
    pages_as_one("/v1/study", tok_staff, 3, 4, ids, &n);
    assert_int_equal(n, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test_setup(member_sees_its_own, book_recorded),
        cmocka_unit_test_setup_teardown(credits_follow_the_rule, book_recorded, default_rule),
        cmocka_unit_test_setup(special_issue_features_reflections, book_recorded),
        cmocka_unit_test_setup(another_office_gets_404, book_recorded),
        cmocka_unit_test_setup(pages_follow_the_day_done, book_recorded),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
