/* Views at the store boundary (include/yinhui/json_out.h) against the real MariaDB: a
 * SELECT whose column list is out of step with its declared JSON mapping is an internal
 * error the first request meets, never a read past the mapping. */
#include "support.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "yinhui/db.h"
#include "yinhui/json_out.h"

static struct config cfg;

static const struct jcol pair_cols[] = {{"id", JC_ID}, {"name", JC_STR}, {"active", JC_BOOL}};
static const struct view pair_view = VIEW(pair_cols);

static void a_view_maps_the_columns_it_declares(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&cfg, &err);
    struct db_rows rows;
    assert_non_null(db);
    assert_int_equal(pair_view.n, 3);
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 42, '银辉', 1 UNION ALL SELECT 43, NULL, 0", NULL, 0, false,
                                &rows),
                     YH_OK);
    cJSON *a = view_rows(&rows, rows.nrows, &pair_view);
    char *text = cJSON_PrintUnformatted(a);
    assert_string_equal(text, "[{\"id\":\"42\",\"name\":\"银辉\",\"active\":true},{\"id\":\"43\",\"name\":null,\"active\":false}]");
    cJSON_free(text);
    cJSON_Delete(a);
    db_rows_free(&rows);
    /* one=true: no row is NOT_FOUND, as db_exec_row */
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 1, 'a', 0 FROM DUAL WHERE 1 = 0", NULL, 0, true, &rows),
                     YH_ERR_NOT_FOUND);
    db_close(db);
}

static void a_select_out_of_step_with_its_view_is_refused(void **s)
{
    (void)s;
    enum yh_err err;
    struct db *db = db_open(&cfg, &err);
    struct db_rows rows;
    assert_non_null(db);
    /* a column added to the SELECT only */
    assert_int_equal(view_fetch(db, &pair_view, "SELECT 42, 'a', 1, 'extra'", NULL, 0, true, &rows), YH_ERR_INTERNAL);
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

static int setup(void **s)
{
    (void)s;
    test_config(&cfg);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_view_maps_the_columns_it_declares),
        cmocka_unit_test(a_select_out_of_step_with_its_view_is_refused),
    };
    return cmocka_run_group_tests_name("integration: views", tests, setup, NULL);
}
