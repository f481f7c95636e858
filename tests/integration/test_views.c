/* Views at the store boundary (include/yinhui/json_out.h) against the real MariaDB: a
 * SELECT whose column list is out of step with its declared JSON mapping is an internal
 * error the first request meets, never a read past the mapping. */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/db.h"
#include "yinhui/json_out.h"
#include "yinhui/typed_rows.h"

static const struct jcol pair_cols[] = {{"id", JC_ID}, {"name", JC_STR}, {"active", JC_BOOL}};
static const struct view pair_view = VIEW(pair_cols);

static void a_view_maps_the_columns_it_declares(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows;
    assert_non_null(db);
    assert_int_equal(pair_view.n, 3);
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 42, '银辉', 1 UNION ALL SELECT 43, NULL, 0", NULL, 0,
                                false, &rows),
                     YH_OK);
    cJSON *a = view_rows(&rows, rows.nrows, &pair_view);
    char *text = cJSON_PrintUnformatted(a);
    assert_string_equal(
        text,
        "[{\"id\":\"42\",\"name\":\"银辉\",\"active\":true},{\"id\":\"43\",\"name\":null,\"active\":false}]");
    cJSON_free(text);
    cJSON_Delete(a);
    db_rows_free(&rows);
    /* one=true: no row is NOT_FOUND, as db_exec_row */
    assert_int_equal(
        view_fetch(db, &pair_view, "SELECT 1, 'a', 0 FROM DUAL WHERE 1 = 0", NULL, 0, true, &rows),
        YH_ERR_NOT_FOUND);
    db_close(db);
}

static void a_select_out_of_step_with_its_view_is_refused(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct db_rows rows;
    assert_non_null(db);
    /* a column added to the SELECT only */
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 42, 'a', 1, 'extra'", NULL, 0, true, &rows),
                     YH_ERR_INTERNAL);
    /* a column dropped from it */
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 42, 'a'", NULL, 0, false, &rows), YH_ERR_INTERNAL);
    /* rows fetched some other way never map through a view of another width */
    assert_int_equal(db_exec(db, "SELECT 42, 'a'", NULL, 0, &rows, NULL, NULL), YH_OK);
    cJSON *o = view_row(&rows, 0, &pair_view);
    assert_true(cJSON_IsNull(o));
    cJSON_Delete(o);
    db_rows_free(&rows);
    db_close(db);
}

struct thing {
    int64_t id, count;
    char name[16], note[16], at[20];
    bool on;
};
static const struct fm thing_map[] = {
    FM(FM_ID, "id", struct thing, id),      FM(FM_STR, "name", struct thing, name),
    FM(FM_OPT, "note", struct thing, note), FM(FM_INT, "count", struct thing, count),
    FM(FM_BOOL, "on", struct thing, on),    FM(FM_TIME, "at", struct thing, at),
};

/* A struct map fills the struct and writes the JSON from one declaration. */
static void a_struct_map_fills_and_shows_a_row(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&itest_cfg, &err);
    struct thing t;
    struct thing *all = NULL;
    size_t n = 0;
    assert_non_null(db);
    assert_int_equal(fm_one(db, "SELECT 7, '银辉', NULL, 12, 1, '2026-12-01 08:30:00'", NULL, 0, thing_map,
                            ARRAY_LEN(thing_map), &t),
                     YH_OK);
    assert_int_equal(t.id, 7);
    assert_string_equal(t.name, "银辉");
    assert_string_equal(t.note, "");
    assert_int_equal(t.count, 12);
    assert_true(t.on);
    cJSON *j = fm_to_json(thing_map, ARRAY_LEN(thing_map), &t);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"id\":\"7\",\"name\":\"银辉\",\"note\":null,\"count\":12,\"on\":true,"
                              "\"at\":\"2026-12-01T08:30:00+08:00\"}");
    cJSON_free(text);
    /* the object keeps the map's names as they are (no copy): it is copied, has members
     * replaced and deleted, and is freed like any other (ASan checks the frees) */
    cJSON *copy = cJSON_Duplicate(j, true);
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(copy, "name", cJSON_CreateString("老干部")));
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "count");
    text = cJSON_PrintUnformatted(copy);
    assert_string_equal(text, "{\"id\":\"7\",\"name\":\"老干部\",\"note\":null,\"on\":true,"
                              "\"at\":\"2026-12-01T08:30:00+08:00\"}");
    cJSON_free(text);
    cJSON_Delete(copy);
    cJSON_Delete(j);
    /* a zero id and an empty time are null */
    struct thing z = t;
    z.id = 0;
    z.at[0] = '\0';
    z.on = false;
    j = fm_to_json(thing_map, ARRAY_LEN(thing_map), &z);
    text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"id\":null,\"name\":\"银辉\",\"note\":null,\"count\":12,\"on\":false,"
                              "\"at\":null}");
    cJSON_free(text);
    cJSON_Delete(j);
    assert_int_equal(fm_all(db, "SELECT 1, 'a', 'b', 0, 0, NULL UNION ALL SELECT 2, 'c', 'd', 3, 1, NULL",
                            NULL, 0, thing_map, ARRAY_LEN(thing_map), sizeof(*all), &all, &n),
                     YH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(all[1].id, 2);
    assert_string_equal(all[1].note, "d");
    free(all);
    /* out of step: one column short, one too many */
    assert_int_equal(fm_one(db, "SELECT 7, 'a', 'b', 1, 1", NULL, 0, thing_map, ARRAY_LEN(thing_map), &t),
                     YH_ERR_INTERNAL);
    assert_int_equal(fm_all(db, "SELECT 7, 'a', 'b', 1, 1, NULL, 'x'", NULL, 0, thing_map,
                            ARRAY_LEN(thing_map), sizeof(*all), &all, &n),
                     YH_ERR_INTERNAL);
    assert_null(all);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_view_maps_the_columns_it_declares),
        cmocka_unit_test(a_select_out_of_step_with_its_view_is_refused),
        cmocka_unit_test(a_struct_map_fills_and_shows_a_row),
    };
    return cmocka_run_group_tests_name("integration: views", tests, itest_config_setup, NULL);
}
