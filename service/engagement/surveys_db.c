/* Anonymous surveys. */
#include "yinhui/surveys_db.h"

#include <string.h>

enum yh_err surveys_db_insert(struct db *db, const char *office, const char *title, const struct survey_question *q,
                              size_t n, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO surveys (office_code, title, created_by) VALUES (?, ?, ?)";
    static const char qs[] = "INSERT INTO survey_questions (survey_id, pos, kind, text, options) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(title), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param r[] = {P_I64(*id), P_I64(i + 1), P_STR(q[i].kind), P_STR(q[i].text), P_STR(q[i].options)};
        err = db_exec(db, qs, r, 5, NULL, NULL, NULL);
    }
    return err;
}

#define SURVEY_COLS "id, title, status, version, created_by, " SQL_TS("created_at")

enum yh_err surveys_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err surveys_db_list(struct db *db, const char *office, const char *status, struct db_rows *rows)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys WHERE office_code = ? AND (? IS NULL OR status = ?) "
                              "ORDER BY id DESC LIMIT 100";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status)};
    return db_exec(db, sql, p, 3, rows, NULL, NULL);
}

enum yh_err surveys_db_questions(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT pos, kind, text, options FROM survey_questions WHERE survey_id = ? ORDER BY pos";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err surveys_db_set_status(struct db *db, const char *office, int64_t id, const char *from, const char *to)
{
    static const char sql[] = "UPDATE surveys SET status = ?, version = version + 1 WHERE office_code = ? AND id = ? AND "
                              "FIND_IN_SET(status, ?)";
    static const char exists[] = "SELECT 1 FROM surveys WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to), P_STR(office), P_I64(id), P_STR(from)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    err = db_why_not_updated(db, exists, office, id);
    return err == YH_ERR_PRECONDITION ? YH_ERR_CONFLICT : err;
}

enum yh_err surveys_db_issue(struct db *db, int64_t id, int64_t member)
{
    /* the voter's mark alone: no ballot value, no time, no auto-increment */
    static const char voter[] = "INSERT INTO survey_voters (survey_id, member_id) VALUES (?, ?)";
    struct db_param p[] = {P_I64(id), P_I64(member)};
    return db_exec(db, voter, p, 2, NULL, NULL, NULL);
}

enum yh_err surveys_db_spend(struct db *db, int64_t id, const unsigned char hash[32])
{
    static const char sql[] = "INSERT INTO survey_spent (survey_id, ballot) VALUES (?, ?)";
    struct db_param p[] = {P_I64(id), P_BLOB(hash, 32)};
    enum yh_err err = db_exec(db, sql, p, 2, NULL, NULL, NULL);
    return err == YH_ERR_CONFLICT ? YH_ERR_NOT_FOUND : err;
}

enum yh_err surveys_db_spend_legacy(struct db *db, int64_t id, const unsigned char hash[32])
{
    static const char sql[] = "DELETE FROM survey_ballots WHERE survey_id = ? AND ballot = ?";
    struct db_param p[] = {P_I64(id), P_BLOB(hash, 32)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err surveys_db_min_responses(struct db *db, const char *office, int64_t *k)
{
    static const char sql[] = "SELECT survey_min_responses FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, 1, &rows);
    if (err == YH_OK) {
        *k = db_i64(&rows, 0, 0);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err surveys_db_answer(struct db *db, int64_t id, const unsigned char response[16], int64_t pos, int64_t choice,
                              const char *text)
{
    static const char sql[] = "INSERT INTO survey_answers (survey_id, response, pos, choice, text) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(id), P_BLOB(response, 16), P_I64(pos), choice > 0 ? P_I64(choice) : P_NULL, P_OPT(text)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err surveys_db_counts(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT pos, choice, COUNT(*) FROM survey_answers WHERE survey_id = ? GROUP BY pos, choice "
                              "ORDER BY pos, choice";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err surveys_db_texts(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT pos, text FROM (SELECT pos, text, ROW_NUMBER() OVER (PARTITION BY pos ORDER BY "
                              "response) rn FROM survey_answers WHERE survey_id = ? AND text IS NOT NULL) t WHERE rn <= 200 "
                              "ORDER BY pos";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err surveys_db_totals(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT (SELECT COUNT(DISTINCT response) FROM survey_answers WHERE survey_id = ?), (SELECT "
                              "COUNT(*) FROM survey_voters WHERE survey_id = ?)";
    struct db_param p[] = {P_I64(id), P_I64(id)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}
