/* Members' suggestions. */
#include "yinhui/suggestions_db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/engagement.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err suggestions_db_insert(struct db *db, const char *office, const struct suggestion *s,
                                  const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO suggestions (office_code, member_id, topic, body, category, created_by) VALUES "
        "(?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),  P_I64(s->member_id), P_STR(s->topic),
                           P_STR(s->body), P_STR(s->category),  P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

/* The mapped columns (suggestion_map), then body and answer, the texts read by hand. */
#define SUG_COLS                                                                                             \
    "s.id, s.member_id, m.name, s.topic, s.category, s.status, s.client_id, s.department, "                  \
    "s.answered_by, " SQL_TS("s.answered_at") ", s.close_note, s.version, s.created_by, " SQL_TS(            \
        "s.created_at") ", s.briefing_id, s.body, s.answer"

/* client_id, department and close_note are written through P_OPT: NULL, never "" */
const struct fm suggestion_map[] = {
    FM(FM_ID, "id", struct suggestion_rec, id),
    FM(FM_ID, NULL, struct suggestion_rec, member_id),
    FM(FM_STR, NULL, struct suggestion_rec, member_name),
    FM(FM_STR, "topic", struct suggestion_rec, topic),
    FM(FM_STR, "category", struct suggestion_rec, category),
    FM(FM_STR, "status", struct suggestion_rec, status),
    FM(FM_OPT, NULL, struct suggestion_rec, client_id),
    FM(FM_OPT, "department", struct suggestion_rec, department),
    FM(FM_STR, NULL, struct suggestion_rec, answered_by),
    FM(FM_OPT, "answered_at", struct suggestion_rec, answered_at),
    FM(FM_OPT, NULL, struct suggestion_rec, close_note),
    FM(FM_INT, "version", struct suggestion_rec, version),
    FM(FM_STR, NULL, struct suggestion_rec, created_by),
    FM(FM_STR, "created_at", struct suggestion_rec, created_at),
    FM(FM_ID, "briefing_id", struct suggestion_rec, briefing_id),
};
const size_t suggestion_map_n = ARRAY_LEN(suggestion_map);
#define SUG_NCOLS (ARRAY_LEN(suggestion_map) + 2)

/* Row i of rows (SUG_COLS) into s; false when out of memory. */
static bool sugg_of_row(const struct db_rows *rows, size_t i, struct suggestion_rec *s)
{
    const char *body = db_str(rows, i, suggestion_map_n), *answer = db_str(rows, i, suggestion_map_n + 1);
    fm_from_row(rows, i, suggestion_map, suggestion_map_n, s);
    s->body = strdup(body ? body : "");
    s->answer = strdup(answer ? answer : "");
    return s->body != NULL && s->answer != NULL;
}

void suggestion_rec_free(struct suggestion_rec *s, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++) {
        free(s[i].body);
        free(s[i].answer);
        s[i].body = s[i].answer = NULL;
    }
}

/* Runs sql (SUG_COLS; params p, np) into a new array *out of *n records. */
static enum yh_err suggs_fetch(struct db *db, const char *sql, const struct db_param *p, size_t np, bool one,
                               struct suggestion_rec **out, size_t *n)
{
    struct db_rows rows;
    bool ok = true;
    *out = NULL;
    *n = 0;
    enum yh_err err = one ? db_exec_row(db, sql, p, np, &rows) : db_exec(db, sql, p, np, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    struct suggestion_rec *s = rows.ncols == SUG_NCOLS ? calloc(rows.nrows + 1, sizeof(*s)) : NULL;
    for (size_t i = 0; s != NULL && ok && i < rows.nrows; i++) {
        ok = sugg_of_row(&rows, i, &s[i]);
    }
    size_t got = rows.nrows;
    db_rows_free(&rows);
    if (s == NULL || !ok) {
        suggestion_rec_free(s, got);
        free(s);
        return YH_ERR_INTERNAL;
    }
    *out = s;
    *n = got;
    return YH_OK;
}

enum yh_err suggestions_db_get(struct db *db, const char *office, int64_t id, struct suggestion_rec *s)
{
    static const char sql[] =
        "SELECT " SUG_COLS " FROM suggestions s JOIN members m ON m.id = s.member_id WHERE "
        "s.office_code = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct suggestion_rec *one = NULL;
    size_t n = 0;
    enum yh_err err = suggs_fetch(db, sql, p, 2, true, &one, &n);
    if (err == YH_OK) {
        *s = one[0]; /* takes its texts */
        free(one);
    }
    return err;
}

enum yh_err suggestions_db_list(struct db *db, const char *office, int64_t member_id, const char *client_id,
                                const char *status, int64_t before, int limit, struct suggestion_rec **out,
                                size_t *n)
{
    static const char sql[] =
        "SELECT " SUG_COLS " FROM suggestions s JOIN members m ON m.id = s.member_id WHERE "
        "s.office_code = ? AND (? = 0 OR s.member_id = ?) AND (? IS NULL OR s.client_id = ?) AND "
        "(? IS NULL OR s.status = ?) AND (? = 0 OR s.id < ?) ORDER BY s.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),    P_I64(member_id), P_I64(member_id), P_OPT(client_id),
                           P_OPT(client_id), P_OPT(status),    P_OPT(status),    P_I64(before),
                           P_I64(before),    P_I64(limit + 1)};
    return suggs_fetch(db, sql, p, 10, false, out, n);
}

/* engagement_db_move of sql (params p, n) on suggestion id of office. */
static enum yh_err move(struct db *db, const char *sql, const struct db_param *p, size_t n,
                        const char *office, int64_t id)
{
    static const char exists[] = "SELECT 1 FROM suggestions WHERE office_code = ? AND id = ?";
    return engagement_db_move(db, sql, p, n, exists, office, id);
}

enum yh_err suggestions_db_forward(struct db *db, const char *office, int64_t id, const char *client_id,
                                   const char *department)
{
    static const char sql[] =
        "UPDATE suggestions SET status = 'forwarded', client_id = ?, department = ?, version = "
        "version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status IN "
        "('submitted', 'forwarded')";
    struct db_param p[] = {P_OPT(client_id), P_OPT(department), P_STR(office), P_I64(id)};
    return move(db, sql, p, 4, office, id);
}

enum yh_err suggestions_db_answer(struct db *db, const char *office, int64_t id, const char *answer,
                                  const char *by, const char *only_client)
{
    static const char sql[] =
        "UPDATE suggestions SET status = 'answered', answer = ?, answered_by = ?, answered_at = "
        "NOW(3), version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND "
        "status IN ('submitted', 'forwarded') AND (? IS NULL OR (status = 'forwarded' AND "
        "client_id = ?))";
    struct db_param p[] = {P_STR(answer), P_STR(by),          P_STR(office),
                           P_I64(id),     P_OPT(only_client), P_OPT(only_client)};
    return move(db, sql, p, 6, office, id);
}

enum yh_err suggestions_db_close(struct db *db, const char *office, int64_t id, const char *note)
{
    static const char sql[] =
        "UPDATE suggestions SET status = 'closed', close_note = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND status <> 'closed'";
    struct db_param p[] = {P_OPT(note), P_STR(office), P_I64(id)};
    return move(db, sql, p, 3, office, id);
}

enum yh_err suggestions_db_client_ok(struct db *db, const char *office, const char *client_id)
{
    static const char sql[] =
        "SELECT 1 FROM clients WHERE office_code = ? AND client_id = ? AND disabled = 0";
    struct db_rows rows;
    struct db_param p[] = {P_STR(office), P_STR(client_id)};
    enum yh_err err = db_exec_row(db, sql, p, 2, &rows);
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}
