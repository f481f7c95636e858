#ifndef YINHUI_SURVEYS_DB_H
#define YINHUI_SURVEYS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Anonymous surveys (sql/0014). */
#define SURVEY_QUESTIONS_MAX 30
struct survey_question {
    char kind[8], text[801], options[8001]; /* options: single choice, one per line */
    int noptions;
};
enum yh_err surveys_db_insert(struct db *db, const char *office, const char *title, const struct survey_question *q,
                              size_t n, const char *by, int64_t *id);
/* Rows: id, title, status, version, created_by, created_at. */
enum yh_err surveys_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* status NULL: any. */
enum yh_err surveys_db_list(struct db *db, const char *office, const char *status, struct db_rows *rows);
/* Rows: pos, kind, text, options. */
enum yh_err surveys_db_questions(struct db *db, int64_t id, struct db_rows *rows);
/* CONFLICT unless the survey is in one of the states of from (comma-separated). */
enum yh_err surveys_db_set_status(struct db *db, const char *office, int64_t id, const char *from, const char *to);
/* Records that member took its ballot (CONFLICT: it had one). Nothing of the ballot is
 * written: it is verified by its MAC when it is spent. */
enum yh_err surveys_db_issue(struct db *db, int64_t id, int64_t member);
/* Spends a ballot by its hash (NOT_FOUND when spent before). */
enum yh_err surveys_db_spend(struct db *db, int64_t id, const unsigned char hash[32]);
/* Spends a ballot issued before survey_spent existed, by its stored hash (NOT_FOUND
 * when unknown or spent). */
enum yh_err surveys_db_spend_legacy(struct db *db, int64_t id, const unsigned char hash[32]);
/* The office's survey_min_responses (results below it are suppressed). */
enum yh_err surveys_db_min_responses(struct db *db, const char *office, int64_t *k);
enum yh_err surveys_db_answer(struct db *db, int64_t id, const unsigned char response[16], int64_t pos, int64_t choice,
                              const char *text);
/* Rows: pos, choice, count (choice NULL: text answers). */
enum yh_err surveys_db_counts(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: pos, text (at most 200 per question). */
enum yh_err surveys_db_texts(struct db *db, int64_t id, struct db_rows *rows);
/* Rows: responses, voters. */
enum yh_err surveys_db_totals(struct db *db, int64_t id, struct db_rows *rows);

#endif
