/* Declared request bodies (include/yinhui/body.h): the table is the only place a
 * resource's fields are named, so the unknown-field 422, the readers, required fields on
 * create, null on patch and who may set a field all come from it. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"

struct team {
    char name[401];
    char speciality[16];
    char founded_on[11];
    char starts_at[20];
    int64_t leader_id;
    int64_t size;
    bool active;
};

static bool staff_only(const struct req *r)
{
    return strcmp(r->claims.role, "admin") == 0;
}

static const char *const specialities[] = {"care", "culture", NULL};
static const struct field team_fields[] = {
    FIELD_TEXT("name", struct team, name, 100, FF_REQUIRED),
    FIELD_ENUM("speciality", struct team, speciality, specialities, FF_REQUIRED),
    FIELD_DATE("founded_on", struct team, founded_on, FF_NULLABLE),
    FIELD_DATETIME("starts_at", struct team, starts_at, 0),
    FIELD_ID("leader_id", struct team, leader_id, FF_NULLABLE),
    FIELD_INT("size", struct team, size, 1, 500, 0),
    {"active", FT_BOOL, 0, offsetof(struct team, active), sizeof(bool), 0, 0, NULL, staff_only},
    FIELD_OTHER("tags", 0),
};
#define NFIELDS ARRAY_LEN(team_fields)

/* Reads text as the body of a request made by role; returns the errors. */
static bool read(const char *text, const char *role, struct team *t, bool create, field_set *given, struct verrs *v)
{
    struct req r;
    memset(&r, 0, sizeof(r));
    snprintf(r.claims.role, sizeof(r.claims.role), "%s", role);
    r.json = cJSON_Parse(text);
    assert_non_null(r.json);
    memset(v, 0, sizeof(*v));
    bool ok = body_read(&r, team_fields, NFIELDS, t, create, given, v);
    cJSON_Delete(r.json);
    return ok;
}

static bool names_field(const struct verrs *v, const char *field, const char *message)
{
    for (int i = 0; i < v->n; i++) {
        if (strcmp(v->e[i].field, field) == 0 && (message == NULL || strstr(v->e[i].message, message))) {
            return true;
        }
    }
    return false;
}

static void a_create_reads_every_declared_type(void **s)
{
    (void)s;
    struct team t = {.active = false};
    struct verrs v;
    field_set given = 0;
    assert_true(read("{\"name\":\"银辉 志愿队\",\"speciality\":\"care\",\"founded_on\":\"2024-02-29\","
                     "\"starts_at\":\"2026-12-01T00:30:00Z\",\"leader_id\":\"42\",\"size\":12,\"active\":true,"
                     "\"tags\":[1]}",
                     "admin", &t, true, &given, &v));
    assert_string_equal(t.name, "银辉 志愿队");
    assert_string_equal(t.speciality, "care");
    assert_string_equal(t.founded_on, "2024-02-29");
    assert_string_equal(t.starts_at, "2026-12-01 08:30:00");
    assert_int_equal(t.leader_id, 42);
    assert_int_equal(t.size, 12);
    assert_true(t.active);
    assert_true(body_given(team_fields, NFIELDS, given, "tags"));
    assert_true(body_given(team_fields, NFIELDS, given, "size"));
}

static void unknown_forbidden_and_bad_values_are_named(void **s)
{
    (void)s;
    struct team t = {0};
    struct verrs v;
    assert_false(read("{\"name\":\"\",\"speciality\":\"sport\",\"founded_on\":\"2023-02-29\",\"size\":501,"
                      "\"leader_id\":7,\"colour\":\"red\",\"office\":\"530102\"}",
                      "admin", &t, true, NULL, &v));
    assert_true(names_field(&v, "colour", "unknown field"));
    assert_true(names_field(&v, "office", "may not be set"));
    assert_true(names_field(&v, "name", NULL));
    assert_true(names_field(&v, "speciality", NULL));
    assert_true(names_field(&v, "founded_on", NULL));
    assert_true(names_field(&v, "size", NULL));
    assert_true(names_field(&v, "leader_id", NULL));
}

static void required_on_create_only_and_null_only_when_nullable(void **s)
{
    (void)s;
    struct team t = {.leader_id = 9};
    struct verrs v;
    field_set given = 0;
    assert_false(read("{\"founded_on\":null}", "admin", &t, true, NULL, &v));
    assert_true(names_field(&v, "name", "is required"));
    assert_true(names_field(&v, "speciality", "is required"));
    /* a patch starts from the stored record: absent fields stay, null clears a nullable one */
    snprintf(t.name, sizeof(t.name), "老年大学");
    snprintf(t.founded_on, sizeof(t.founded_on), "2020-01-01");
    assert_true(read("{\"founded_on\":null,\"leader_id\":null}", "admin", &t, false, &given, &v));
    assert_string_equal(t.name, "老年大学");
    assert_string_equal(t.founded_on, "");
    assert_int_equal(t.leader_id, 0);
    assert_false(body_given(team_fields, NFIELDS, given, "name"));
    assert_false(read("{\"name\":null}", "admin", &t, false, NULL, &v));
    assert_true(names_field(&v, "name", NULL));
}

static void a_field_only_some_callers_may_set(void **s)
{
    (void)s;
    struct team t = {.active = true};
    struct verrs v;
    assert_false(read("{\"active\":false}", "secretary", &t, false, NULL, &v));
    assert_true(names_field(&v, "active", "may not be set by this caller"));
    assert_true(t.active);
    assert_true(read("{\"active\":false}", "admin", &t, false, NULL, &v));
    assert_false(t.active);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_create_reads_every_declared_type),
        cmocka_unit_test(unknown_forbidden_and_bad_values_are_named),
        cmocka_unit_test(required_on_create_only_and_null_only_when_nullable),
        cmocka_unit_test(a_field_only_some_callers_may_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
