/* Anonymous surveys. */
#include "yinhui/surveys_db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/engagement.h"
#include "yinhui/util.h"

enum yh_err surveys_db_insert(struct db *db, const char *office, const char *title,
                              const struct survey_question *q, size_t n, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO surveys (office_code, title, created_by) VALUES (?, ?, ?)";
    static const char qs[] =
        "INSERT INTO survey_questions (survey_id, pos, kind, text, options) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(title), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param r[] = {P_I64(*id), P_I64(i + 1), P_STR(q[i].kind), P_STR(q[i].text),
                               P_STR(q[i].options)};
        err = db_exec(db, qs, r, 5, NULL, NULL, NULL);
    }
    return err;
}

#define SURVEY_COLS "id, title, status, version, created_by, " SQL_TS("created_at")
const struct fm survey_map[] = {
    FM(FM_ID, "id", struct survey, id),
    FM(FM_STR, "title", struct survey, title),
    FM(FM_STR, "status", struct survey, status),
    FM(FM_INT, "version", struct survey, version),
    FM(FM_STR, "created_by", struct survey, created_by),
    FM(FM_STR, "created_at", struct survey, created_at),
};
const size_t survey_map_n = ARRAY_LEN(survey_map);

enum yh_err surveys_db_get(struct db *db, const char *office, int64_t id, struct survey *s)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, survey_map, survey_map_n, s);
}

enum yh_err surveys_db_list(struct db *db, const char *office, const char *status, struct survey **out,
                            size_t *n)
{
    static const char sql[] =
        "SELECT " SURVEY_COLS " FROM surveys WHERE office_code = ? AND (? IS NULL OR status = ?) "
        "ORDER BY id DESC LIMIT 100";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status)};
    return FM_ALL(db, sql, p, 3, survey_map, survey_map_n, out, n);
}

enum yh_err surveys_db_questions(struct db *db, const char *office, int64_t id, struct survey_question *q,
                                 size_t *n)
{
    static const char sql[] =
        "SELECT q.kind, q.text, q.options FROM survey_questions q JOIN surveys s ON s.id = "
        "q.survey_id WHERE s.office_code = ? AND q.survey_id = ? ORDER BY q.pos";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *n = 0;
    for (size_t i = 0; i < rows.nrows && i < SURVEY_QUESTIONS_MAX; i++) {
        struct survey_question *x = &q[(*n)++];
        DB_CP(x->kind, db_str(&rows, i, 0));
        DB_CP(x->text, db_str(&rows, i, 1));
        DB_CP(x->options, db_str(&rows, i, 2));
        x->noptions = 0;
        if (strcmp(x->kind, "single") == 0) {
            x->noptions = 1;
            for (const char *c = x->options; *c; c++) {
                x->noptions += *c == '\n';
            }
        }
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err surveys_db_set_status(struct db *db, const char *office, int64_t id, const char *from,
                                  const char *to)
{
    static const char sql[] =
        "UPDATE surveys SET status = ?, version = version + 1 WHERE office_code = ? AND id = ? AND "
        "FIND_IN_SET(status, ?)";
    static const char exists[] = "SELECT 1 FROM surveys WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to), P_STR(office), P_I64(id), P_STR(from)};
    return engagement_db_move(db, sql, p, 4, exists, office, id);
}

/* The writes below go through the survey's row of office (INSERT ... SELECT), so a survey
 * of another office takes nothing: no row written, NOT_FOUND. */
static enum yh_err through_survey(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err surveys_db_issue(struct db *db, const char *office, int64_t id, int64_t member)
{
    /* the voter's mark alone: no ballot value, no time, no auto-increment */
    static const char voter[] =
        "INSERT INTO survey_voters (survey_id, member_id) SELECT id, ? FROM surveys WHERE "
        "office_code = ? AND id = ?";
    struct db_param p[] = {P_I64(member), P_STR(office), P_I64(id)};
    return through_survey(db, voter, p, 3);
}

enum yh_err surveys_db_spend(struct db *db, const char *office, int64_t id, const unsigned char hash[32])
{
    static const char sql[] = "INSERT INTO survey_spent (survey_id, ballot) SELECT id, ? FROM surveys WHERE "
                              "office_code = ? AND id = ?";
    struct db_param p[] = {P_BLOB(hash, 32), P_STR(office), P_I64(id)};
    /* a ballot spent twice is one the caller cannot spend: not found */
    enum yh_err err = through_survey(db, sql, p, 3);
    return err == YH_ERR_CONFLICT ? YH_ERR_NOT_FOUND : err;
}

enum yh_err surveys_db_spend_legacy(struct db *db, const char *office, int64_t id,
                                    const unsigned char hash[32])
{
    static const char sql[] = "DELETE b FROM survey_ballots b JOIN surveys s ON s.id = b.survey_id WHERE "
                              "s.office_code = ? AND b.survey_id = ? AND b.ballot = ?";
    struct db_param p[] = {P_STR(office), P_I64(id), P_BLOB(hash, 32)};
    return through_survey(db, sql, p, 3);
}

enum yh_err surveys_db_min_responses(struct db *db, const char *office, int64_t *k)
{
    static const char sql[] = "SELECT survey_min_responses FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int_row(db, sql, p, 1, k);
}

enum yh_err surveys_db_answer(struct db *db, const char *office, int64_t id, const unsigned char response[16],
                              int64_t pos, int64_t choice, const char *text)
{
    static const char sql[] =
        "INSERT INTO survey_answers (survey_id, response, pos, choice, text) SELECT id, ?, ?, ?, ? "
        "FROM surveys WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_BLOB(response, 16), P_I64(pos),    choice > 0 ? P_I64(choice) : P_NULL,
                           P_OPT(text),          P_STR(office), P_I64(id)};
    return through_survey(db, sql, p, 6);
}

/* Question pos's answer counts by choice (choice 0: the text answers). */
static enum yh_err tally_counts(struct db *db, const char *office, int64_t id, struct survey_tally_rows *t)
{
    static const char sql[] =
        "SELECT a.pos, IFNULL(a.choice, 0), COUNT(*) FROM survey_answers a JOIN surveys s ON s.id = "
        "a.survey_id WHERE s.office_code = ? AND a.survey_id = ? GROUP BY a.pos, a.choice ORDER BY "
        "a.pos, a.choice";
    static const struct fm map[] = {
        FM(FM_INT, NULL, struct survey_count, pos),
        FM(FM_INT, NULL, struct survey_count, choice),
        FM(FM_INT, NULL, struct survey_count, n),
    };
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return FM_ALL(db, sql, p, 2, map, ARRAY_LEN(map), &t->counts, &t->ncounts);
}

/* The text answers, at most 200 per question. */
static enum yh_err tally_texts(struct db *db, const char *office, int64_t id, struct survey_tally_rows *t)
{
    static const char sql[] =
        "SELECT pos, text FROM (SELECT a.pos, a.text, ROW_NUMBER() OVER (PARTITION BY a.pos ORDER "
        "BY a.response) rn FROM survey_answers a JOIN surveys s ON s.id = a.survey_id WHERE "
        "s.office_code = ? AND a.survey_id = ? AND a.text IS NOT NULL) t WHERE rn <= 200 ORDER BY pos";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    t->texts = calloc(rows.nrows + 1, sizeof(*t->texts));
    for (size_t i = 0; t->texts != NULL && i < rows.nrows; i++) {
        const char *x = db_str(&rows, i, 1);
        t->texts[i].pos = db_i64(&rows, i, 0);
        t->texts[i].text = strdup(x ? x : "");
        t->ntexts = i + 1;
        if (t->texts[i].text == NULL) {
            err = YH_ERR_INTERNAL;
            break;
        }
    }
    db_rows_free(&rows);
    return t->texts != NULL ? err : YH_ERR_INTERNAL;
}

/* Responses (distinct) and ballots taken (voters). */
static enum yh_err tally_totals(struct db *db, const char *office, int64_t id, struct survey_tally_rows *t)
{
    static const char sql[] =
        "SELECT (SELECT COUNT(DISTINCT response) FROM survey_answers WHERE survey_id = s.id), "
        "(SELECT COUNT(*) FROM survey_voters WHERE survey_id = s.id) FROM surveys s WHERE "
        "s.office_code = ? AND s.id = ?";
    static const struct fm map[] = {
        FM(FM_INT, NULL, struct survey_tally_rows, responses),
        FM(FM_INT, NULL, struct survey_tally_rows, ballots),
    };
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, map, ARRAY_LEN(map), t);
}

enum yh_err surveys_db_tally(struct db *db, const char *office, int64_t id, struct survey_tally_rows *t)
{
    memset(t, 0, sizeof(*t));
    enum yh_err err = tally_counts(db, office, id, t);
    if (err == YH_OK) {
        err = tally_texts(db, office, id, t);
    }
    if (err == YH_OK) {
        err = tally_totals(db, office, id, t);
    }
    if (err != YH_OK) {
        surveys_db_tally_free(t);
    }
    return err;
}

void surveys_db_tally_free(struct survey_tally_rows *t)
{
    if (t == NULL) {
        return;
    }
    for (size_t i = 0; i < t->ntexts; i++) {
        free(t->texts[i].text);
    }
    free(t->texts);
    free(t->counts);
    memset(t, 0, sizeof(*t));
}
